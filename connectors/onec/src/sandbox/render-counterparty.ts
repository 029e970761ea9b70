/** A counterparty (Catalog_Контрагенты, УТ 11 attribute names) from the world's company as 1C's clerk wrote it. */
import type { DatasetRow } from '@crm-bridge/sync/testing';
import { COUNTRY_NAMES, catalogCode, dataVersion, EMPTY_GUID } from './render-common';
import type { SandboxContext } from './sandbox-context';

/** The groups (folders) of the hierarchical catalog: they come back unless `IsFolder eq false` filters them. */
export const COUNTERPARTY_FOLDERS = ['Покупатели', 'Поставщики'];

export function renderCounterpartyFolder(index: number, context: SandboxContext): Record<string, unknown> {
  const id = -(COUNTERPARTY_FOLDERS.length - index);
  return {
    Ref_Key: context.codecs.counterparties.encode(id),
    DataVersion: dataVersion(id, 0),
    DeletionMark: false,
    Parent_Key: EMPTY_GUID,
    IsFolder: true,
    Code: catalogCode(90 + index),
    Description: COUNTERPARTY_FOLDERS[index],
    Predefined: false,
    PredefinedDataName: '',
  };
}

export function renderCounterparty(row: DatasetRow, context: SandboxContext): Record<string, unknown> {
  const { world } = context.tables;
  const company = world.company(row.key.company);
  const written = world.written('onec', row.key.company);
  const resident = company.country === 'RU';
  const malformed = context.faults.isMalformed('customers', row.id);
  const address = resident
    ? `${company.address.postalCode}, г. ${company.address.city}, ${company.address.line1}`
    : `${company.address.line1}, ${company.address.postalCode} ${company.address.city}`;
  const kinds = context.codecs.contactKinds;
  return {
    Ref_Key: context.codecs.counterparties.encode(row.id),
    DataVersion: dataVersion(row.id, row.version),
    DeletionMark: row.archived,
    Parent_Key: context.codecs.counterparties.encode(-COUNTERPARTY_FOLDERS.length),
    IsFolder: false,
    Code: catalogCode(row.id),
    // Malformed rows: half lose their name, half get letters typed into the INN.
    Description: malformed && row.id % 2 === 0 ? '' : written.name,
    НаименованиеПолное: company.legalName,
    ЮрФизЛицо: !resident
      ? 'ЮрЛицоНеРезидент'
      : company.legalForm === 'ИП'
        ? 'ИндивидуальныйПредприниматель'
        : 'ЮрЛицо',
    ИНН: malformed && row.id % 2 === 1 ? 'НЕТ ДАННЫХ' : (written.inn ?? ''),
    КПП: written.kpp ?? '',
    ОГРН: company.ogrn ?? '',
    НалоговыйНомер: resident ? '' : (written.vat ?? ''),
    ГоловнойКонтрагент_Key: EMPTY_GUID,
    Комментарий: row.version > 0 ? `Изменён ${row.version} раз` : '',
    Predefined: false,
    PredefinedDataName: '',
    КонтактнаяИнформация: [
      {
        LineNumber: '1',
        Тип: 'Телефон',
        Вид_Key: kinds.encode(1),
        Представление: written.phone,
        НомерТелефона: written.phone.replace(/\D/g, ''),
      },
      {
        LineNumber: '2',
        Тип: 'АдресЭлектроннойПочты',
        Вид_Key: kinds.encode(2),
        Представление: written.email,
        АдресЭП: written.email,
      },
      {
        LineNumber: '3',
        Тип: 'Адрес',
        Вид_Key: kinds.encode(3),
        // An edit moves the office: a change the canonical record sees.
        Представление: row.version > 0 ? `${address}, офис ${100 + row.version}` : address,
        Страна: COUNTRY_NAMES[company.country] ?? company.country,
        Город: company.address.city,
      },
    ],
  };
}
