/** Where generated companies sit: cities (with phone area codes, postal prefixes, INN regions) and streets. */

/** Cities with a phone area code (without the trunk prefix), a postal-code prefix and the INN region (RU). */
export interface City {
  name: string;
  areaCode: string;
  postalPrefix: string;
  region: string;
}

export const RU_CITIES: readonly City[] = [
  { name: 'Москва', areaCode: '495', postalPrefix: '1', region: '77' },
  { name: 'Москва', areaCode: '499', postalPrefix: '1', region: '77' },
  { name: 'Санкт-Петербург', areaCode: '812', postalPrefix: '19', region: '78' },
  { name: 'Екатеринбург', areaCode: '343', postalPrefix: '620', region: '66' },
  { name: 'Новосибирск', areaCode: '383', postalPrefix: '630', region: '54' },
  { name: 'Казань', areaCode: '843', postalPrefix: '420', region: '16' },
  { name: 'Нижний Новгород', areaCode: '831', postalPrefix: '603', region: '52' },
  { name: 'Самара', areaCode: '846', postalPrefix: '443', region: '63' },
  { name: 'Краснодар', areaCode: '861', postalPrefix: '350', region: '23' },
  { name: 'Ростов-на-Дону', areaCode: '863', postalPrefix: '344', region: '61' },
  { name: 'Химки', areaCode: '498', postalPrefix: '141', region: '50' },
  { name: 'Пермь', areaCode: '342', postalPrefix: '614', region: '59' },
];

export const DE_CITIES: readonly City[] = [
  { name: 'Berlin', areaCode: '30', postalPrefix: '1', region: '' },
  { name: 'Hamburg', areaCode: '40', postalPrefix: '2', region: '' },
  { name: 'München', areaCode: '89', postalPrefix: '8', region: '' },
  { name: 'Köln', areaCode: '221', postalPrefix: '50', region: '' },
  { name: 'Frankfurt am Main', areaCode: '69', postalPrefix: '60', region: '' },
  { name: 'Stuttgart', areaCode: '711', postalPrefix: '70', region: '' },
  { name: 'Düsseldorf', areaCode: '211', postalPrefix: '40', region: '' },
  { name: 'Leipzig', areaCode: '341', postalPrefix: '04', region: '' },
];

export const AT_CITIES: readonly City[] = [
  { name: 'Wien', areaCode: '1', postalPrefix: '1', region: '' },
  { name: 'Graz', areaCode: '316', postalPrefix: '80', region: '' },
  { name: 'Linz', areaCode: '732', postalPrefix: '40', region: '' },
];

export const NL_CITIES: readonly City[] = [
  { name: 'Amsterdam', areaCode: '20', postalPrefix: '10', region: '' },
  { name: 'Rotterdam', areaCode: '10', postalPrefix: '30', region: '' },
  { name: 'Utrecht', areaCode: '30', postalPrefix: '35', region: '' },
];

export const RU_STREETS = [
  'ул. Ленина',
  'ул. Мира',
  'пр-т Победы',
  'ул. Садовая',
  'ул. Советская',
  'ул. Гагарина',
  'Ленинградский пр-т',
  'ул. Профсоюзная',
  'ул. Тверская',
  'наб. Обводного канала',
  'ул. Заводская',
  'ш. Энтузиастов',
] as const;

export const DE_STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Industriestraße',
  'Gartenstraße',
  'Schillerstraße',
  'Goethestraße',
  'Am Hafen',
  'Lindenallee',
  'Gewerbepark',
  'Kaiserstraße',
] as const;

export const NL_STREETS = [
  'Kerkstraat',
  'Dorpsstraat',
  'Stationsweg',
  'Industrieweg',
  'Prinsengracht',
] as const;
