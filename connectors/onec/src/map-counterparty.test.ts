import { Customer, InvalidRecordError } from '@crm-bridge/core';
import { mapContactPerson } from './map-contact-person';
import { mapCounterparty } from './map-counterparty';

const context = { sourceId: 'onec', timeZone: 'Europe/Moscow' };

const counterparty = {
  Ref_Key: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
  DataVersion: 'AAAAAQAAAAE=',
  DeletionMark: false,
  IsFolder: false,
  Code: '00-000123',
  Description: 'ООО Ромашка',
  НаименованиеПолное: 'Общество с ограниченной ответственностью «Ромашка»',
  ИНН: '7707083893',
  КПП: '770701001',
  ЮрФизЛицо: 'ЮрЛицо',
  Партнер_Key: '5c0e6a21-42ee-11ec-a7a0-f10ab59a067e',
  КонтактнаяИнформация: [
    { LineNumber: '1', Тип: 'Телефон', Представление: '+7 916 123-45-67', НомерТелефона: '79161234567' },
    {
      LineNumber: '2',
      Тип: 'АдресЭлектроннойПочты',
      Представление: 'ivan@example.com',
      АдресЭП: 'Ivan@Example.com',
    },
    {
      LineNumber: '3',
      Тип: 'Адрес',
      Представление: '123456, г. Москва, ул. Тверская, д. 7',
      Страна: 'РОССИЯ',
      Город: 'Москва',
    },
    { LineNumber: '4', Тип: 'ВебСтраница', Представление: 'https://romashka.ru' },
  ],
};

describe('mapCounterparty', () => {
  it('maps an УТ 11 legal entity with its tax ids and contact information', () => {
    const customer = Customer.parse(mapCounterparty(counterparty, context));
    expect(customer).toEqual({
      sourceId: 'onec',
      externalId: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
      kind: 'organization',
      displayName: 'ООО Ромашка',
      legalName: 'Общество с ограниченной ответственностью «Ромашка»',
      emails: ['Ivan@Example.com'],
      phones: ['+7 916 123-45-67'],
      taxIds: [
        { kind: 'ru_inn', value: '7707083893', country: 'RU' },
        { kind: 'ru_kpp', value: '770701001', country: 'RU' },
      ],
      addresses: [
        {
          kind: 'other',
          line1: null,
          line2: null,
          city: 'Москва',
          region: null,
          postalCode: '123456',
          country: 'RU',
          text: '123456, г. Москва, ул. Тверская, д. 7',
        },
      ],
      organizationExternalId: null,
      status: 'active',
      sourceModifiedAt: null,
    });
  });

  it('reads БП 3.0 ЮридическоеФизическоеЛицо and maps a natural person', () => {
    const { ЮрФизЛицо: _, ...rest } = counterparty;
    const person = mapCounterparty(
      { ...rest, ЮридическоеФизическоеЛицо: 'ФизическоеЛицо', КПП: '' },
      context,
    );
    expect(person.kind).toBe('person');
    expect(person.taxIds).toEqual([{ kind: 'ru_inn', value: '7707083893', country: 'RU' }]);
  });

  it('keeps an INN typed with spaces as written, and an ИП gets an ОГРНИП', () => {
    const trader = mapCounterparty(
      {
        ...counterparty,
        ЮрФизЛицо: 'ИндивидуальныйПредприниматель',
        ИНН: '7707 0838 93',
        КПП: '',
        ОГРН: '304500116000157',
      },
      context,
    );
    expect(trader.kind).toBe('organization');
    expect(trader.taxIds).toEqual([
      { kind: 'ru_inn', value: '7707 0838 93', country: 'RU' },
      { kind: 'ru_ogrnip', value: '304500116000157', country: 'RU' },
    ]);
  });

  it('maps a non-resident VAT number from НалоговыйНомер', () => {
    const foreign = mapCounterparty(
      { ...counterparty, ЮрФизЛицо: 'ЮрЛицоНеРезидент', ИНН: '', КПП: '', НалоговыйНомер: 'DE123456789' },
      context,
    );
    expect(foreign.taxIds).toEqual([{ kind: 'eu_vat', value: 'DE123456789', country: 'DE' }]);
  });

  it('marks a counterparty with DeletionMark archived, not deleted', () => {
    expect(mapCounterparty({ ...counterparty, DeletionMark: true }, context).status).toBe('archived');
  });

  it('refuses an empty Description and an INN of letters', () => {
    expect(() => mapCounterparty({ ...counterparty, Description: '  ' }, context)).toThrow(
      InvalidRecordError,
    );
    expect(() => mapCounterparty({ ...counterparty, ИНН: 'ИННЕСТЬ' }, context)).toThrow(
      /ИНН "ИННЕСТЬ" is not a number/,
    );
  });

  it('gives the same canonical record for the same raw record (a stable content hash)', () => {
    expect(mapCounterparty(structuredClone(counterparty), context)).toEqual(
      mapCounterparty(counterparty, context),
    );
  });
});

describe('mapContactPerson', () => {
  const person = {
    Ref_Key: '11111111-42ee-11ec-a7a0-f10ab59a067e',
    DataVersion: 'AAAAAgAAAAE=',
    DeletionMark: false,
    Description: 'Петров Иван Сергеевич',
    ОбъектВладелец: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
    ОбъектВладелец_Type: 'StandardODATA.Catalog_Контрагенты',
    Должность: 'Главный инженер',
    КонтактнаяИнформация: [
      { LineNumber: '1', Тип: 'АдресЭлектроннойПочты', Представление: 'i.petrov@romashka.ru' },
    ],
  };

  it('ties a БП 3.0 contact person to the counterparty that owns it', () => {
    const customer = Customer.parse(mapContactPerson(person, context));
    expect(customer).toMatchObject({
      kind: 'person',
      displayName: 'Петров Иван Сергеевич',
      emails: ['i.petrov@romashka.ru'],
      organizationExternalId: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
    });
  });

  it('reads an УТ 11 Владелец_Key and ignores owners that are not customers or are empty', () => {
    const { ОбъектВладелец: _, ОбъектВладелец_Type: __, ...rest } = person;
    expect(mapContactPerson({ ...rest, Владелец_Key: 'b2' }, context).organizationExternalId).toBe('b2');
    expect(
      mapContactPerson({ ...person, ОбъектВладелец_Type: 'StandardODATA.Catalog_Пользователи' }, context)
        .organizationExternalId,
    ).toBeNull();
    expect(
      mapContactPerson({ ...person, ОбъектВладелец: '00000000-0000-0000-0000-000000000000' }, context)
        .organizationExternalId,
    ).toBeNull();
  });
});
