/** A contact person (Catalog_КонтактныеЛица, БП 3.0 style with a composite ОбъектВладелец). */
import type { DatasetRow } from '@crm-bridge/sync/testing';
import { ADDED_ITEM } from './onec-tables';
import { catalogCode, dataVersion } from './render-common';
import type { SandboxContext } from './sandbox-context';

export function renderContact(row: DatasetRow, context: SandboxContext): Record<string, unknown> {
  const { world, counterpartyIdOf } = context.tables;
  const { company, item } = row.key;
  const people = Math.max(1, world.company(company).people.length);
  const person = world.writtenPerson(
    'onec',
    company,
    item >= ADDED_ITEM ? (item - ADDED_ITEM) % people : item,
  );
  // An edit has the clerk retype the name in the other order.
  const name = row.version % 2 === 1 ? `${person.lastName} ${person.firstName}` : person.name;
  const kinds = context.codecs.contactKinds;
  return {
    Ref_Key: context.codecs.contacts.encode(row.id),
    DataVersion: dataVersion(row.id, row.version),
    DeletionMark: row.archived,
    Code: catalogCode(row.id),
    Description: context.faults.isMalformed('contacts', row.id) ? '' : name,
    ОбъектВладелец: context.codecs.counterparties.encode(counterpartyIdOf(company)),
    ОбъектВладелец_Type: 'StandardODATA.Catalog_Контрагенты',
    Фамилия: person.lastName,
    Имя: person.firstName,
    Отчество: '',
    Должность: person.jobTitle,
    Predefined: false,
    PredefinedDataName: '',
    КонтактнаяИнформация: [
      {
        LineNumber: '1',
        Тип: 'Телефон',
        Вид_Key: kinds.encode(4),
        Представление: person.phone,
        НомерТелефона: person.phone.replace(/\D/g, ''),
      },
      {
        LineNumber: '2',
        Тип: 'АдресЭлектроннойПочты',
        Вид_Key: kinds.encode(5),
        Представление: person.email,
        АдресЭП: person.email,
      },
    ],
  };
}
