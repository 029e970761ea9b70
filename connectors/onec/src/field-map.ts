/**
 * The 1C attribute names this connector reads, in one place (erp-apis.md 5.6). They are configuration
 * dependent: the first name is УТ 11 / ERP / КА 2, alternatives cover БП 3.0 and УНФ. Change them here only.
 */
export const COUNTERPARTY = {
  /** Company vs person: УТ 11 `ЮрФизЛицо`, БП 3.0 `ЮридическоеФизическоеЛицо`. */
  kind: ['ЮрФизЛицо', 'ЮридическоеФизическоеЛицо'],
  legalName: 'НаименованиеПолное',
  inn: 'ИНН',
  kpp: 'КПП',
  ogrn: ['ОГРН', 'РегистрационныйНомер'],
  /** Non-residents: the tax number of their own country (an EU VAT number). */
  foreignTaxNumber: 'НалоговыйНомер',
  contactInfo: 'КонтактнаяИнформация',
} as const;

/** Enum members of ЮрФизЛицо / ЮридическоеФизическоеЛицо that mean a natural person. */
export const PERSON_KINDS: ReadonlySet<string> = new Set(['ФизЛицо', 'ФизическоеЛицо']);
/** Members that mean a sole trader: a person in 1C, but with an ОГРНИП and a 12-digit INN. */
export const SOLE_TRADER_KINDS: ReadonlySet<string> = new Set(['ИндивидуальныйПредприниматель']);

/** Rows of the КонтактнаяИнформация tabular section. */
export const CONTACT_INFO = {
  type: 'Тип',
  presentation: 'Представление',
  email: 'АдресЭП',
  phone: 'НомерТелефона',
  country: 'Страна',
  region: 'Регион',
  city: 'Город',
  /** Тип enum members. */
  emailType: 'АдресЭлектроннойПочты',
  phoneTypes: ['Телефон', 'Факс'],
  addressType: 'Адрес',
} as const;

export const CONTACT_PERSON = {
  /** БП 3.0: composite `ОбъектВладелец` (+ `_Type`); УТ 11 `КонтактныеЛицаПартнеров`: `Владелец_Key`. */
  owner: ['ОбъектВладелец', 'Владелец_Key'],
  ownerType: 'ОбъектВладелец_Type',
  /** Owner types that are customers of ours (not own organisations, not users). */
  customerOwnerTypes: ['StandardODATA.Catalog_Контрагенты', 'StandardODATA.Catalog_Партнеры'],
  position: 'Должность',
  contactInfo: 'КонтактнаяИнформация',
} as const;

export const ORDER = {
  number: 'Number',
  date: 'Date',
  posted: 'Posted',
  counterparty: 'Контрагент_Key',
  /** УТ 11 `Валюта_Key`, УНФ `ВалютаДокумента_Key`. */
  currency: ['Валюта_Key', 'ВалютаДокумента_Key'],
  total: 'СуммаДокумента',
  status: 'Статус',
  /** УТ 11 `Товары`, УНФ `Запасы`. */
  lines: ['Товары', 'Запасы'],
  pricesIncludeVat: 'ЦенаВключаетНДС',
} as const;

export const ORDER_LINE = {
  product: 'Номенклатура_Key',
  quantity: 'Количество',
  price: 'Цена',
  amount: 'Сумма',
  vat: 'СуммаНДС',
  amountWithVat: 'СуммаСНДС',
  cancelled: 'Отменено',
} as const;

/** Catalogs resolved by key and cached per session (orders carry only their GUIDs). */
export const CURRENCIES_SET = 'Catalog_Валюты';
export const PRODUCTS_SET = 'Catalog_Номенклатура';
/** Where readPage puts the resolved catalog rows, in the shape a `$expand` would give. */
export const EXPANDED_CURRENCY = 'Валюта';
export const EXPANDED_PRODUCT = 'Номенклатура';

/** Returns the first of `names` the record has (configurations differ), or undefined. */
export function pick(record: Record<string, unknown>, names: readonly string[] | string): unknown {
  for (const name of typeof names === 'string' ? [names] : names) {
    if (record[name] !== undefined) return record[name];
  }
  return undefined;
}
