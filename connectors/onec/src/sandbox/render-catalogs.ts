/** Catalog_Валюты and Catalog_Номенклатура as the sandbox serves them: small, fixed catalogs. */
import { PRODUCTS } from '@crm-bridge/sync/testing';
import type { GuidCodec } from './onec-guid';
import { catalogCode, dataVersion } from './render-common';

/** Currencies by ISO code: Код is the numeric code, Наименование the letter code (as 1C keeps them). */
export const CURRENCIES: readonly { code: string; numeric: string; name: string }[] = [
  { code: 'RUB', numeric: '643', name: 'Российский рубль' },
  { code: 'EUR', numeric: '978', name: 'Евро' },
  { code: 'USD', numeric: '840', name: 'Доллар США' },
  { code: 'GBP', numeric: '826', name: 'Фунт стерлингов' },
  { code: 'CHF', numeric: '756', name: 'Швейцарский франк' },
  { code: 'CNY', numeric: '156', name: 'Юань' },
];

/** Row id (1-based) of a currency by ISO code; unknown codes fall back to RUB. */
export function currencyId(code: string): number {
  const index = CURRENCIES.findIndex((currency) => currency.code === code);
  return index < 0 ? 1 : index + 1;
}

/** Row id (1-based) of a product by its world code. */
const PRODUCT_IDS = new Map(PRODUCTS.map((product, index) => [product.code, index + 1]));
export function productId(code: string): number {
  return PRODUCT_IDS.get(code) ?? 0;
}

export function currencyCount(): number {
  return CURRENCIES.length;
}

export function productCount(): number {
  return PRODUCTS.length;
}

export function renderCurrency(id: number, codec: GuidCodec): Record<string, unknown> | null {
  const currency = CURRENCIES[id - 1];
  if (currency === undefined) return null;
  return {
    Ref_Key: codec.encode(id),
    DataVersion: dataVersion(id, 0),
    DeletionMark: false,
    Code: currency.numeric,
    Description: currency.code,
    НаименованиеПолное: currency.name,
    ЗагружаетсяИзИнтернета: true,
    Predefined: false,
    PredefinedDataName: '',
  };
}

export function renderProduct(id: number, codec: GuidCodec): Record<string, unknown> | null {
  const product = PRODUCTS[id - 1];
  if (product === undefined) return null;
  return {
    Ref_Key: codec.encode(id),
    DataVersion: dataVersion(id, 0),
    DeletionMark: false,
    Parent_Key: '00000000-0000-0000-0000-000000000000',
    IsFolder: false,
    Code: catalogCode(id),
    Description: product.nameRu,
    НаименованиеПолное: product.nameRu,
    Артикул: product.code,
    ЕдиницаИзмерения: product.uom,
    Predefined: false,
    PredefinedDataName: '',
  };
}
