/** The product catalog every generated order draws its lines from: a code, Russian and German names, a base price. */

const round = Math.round;

export interface Product {
  code: string;
  nameRu: string;
  nameDe: string;
  /** Unit of measure as the ERP would show it. */
  uom: 'шт' | 'кг' | 'м' | 'ч';
  /** Net unit price in EUR; RUB and USD prices derive from it. */
  priceEur: number;
}

export const PRODUCTS: readonly Product[] = [
  { code: 'P-1001', nameRu: 'Подшипник 6205-2RS', nameDe: 'Kugellager 6205-2RS', uom: 'шт', priceEur: 4.9 },
  {
    code: 'P-1002',
    nameRu: 'Болт М10×50 оцинк.',
    nameDe: 'Schraube M10×50 verzinkt',
    uom: 'шт',
    priceEur: 0.35,
  },
  { code: 'P-1003', nameRu: 'Кабель ВВГнг 3×2,5', nameDe: 'Kabel NYM-J 3×2,5', uom: 'м', priceEur: 1.2 },
  {
    code: 'P-1004',
    nameRu: 'Электродвигатель АИР80',
    nameDe: 'Elektromotor 0,75 kW',
    uom: 'шт',
    priceEur: 189,
  },
  { code: 'P-1005', nameRu: 'Краска фасадная белая', nameDe: 'Fassadenfarbe weiß', uom: 'кг', priceEur: 3.8 },
  { code: 'P-1006', nameRu: 'Труба профильная 40×20', nameDe: 'Rechteckrohr 40×20', uom: 'м', priceEur: 6.1 },
  { code: 'P-1007', nameRu: 'Лист стальной 2 мм', nameDe: 'Stahlblech 2 mm', uom: 'кг', priceEur: 1.45 },
  { code: 'P-1008', nameRu: 'Перчатки рабочие', nameDe: 'Arbeitshandschuhe', uom: 'шт', priceEur: 1.1 },
  { code: 'P-1009', nameRu: 'Паллета деревянная', nameDe: 'Europalette', uom: 'шт', priceEur: 14 },
  { code: 'P-1010', nameRu: 'Плёнка стрейч 500 мм', nameDe: 'Stretchfolie 500 mm', uom: 'шт', priceEur: 9.5 },
  { code: 'P-1011', nameRu: 'Датчик давления', nameDe: 'Drucksensor', uom: 'шт', priceEur: 74 },
  { code: 'P-1012', nameRu: 'Контроллер ПЛК', nameDe: 'SPS-Steuerung', uom: 'шт', priceEur: 420 },
  { code: 'P-1013', nameRu: 'Насос центробежный', nameDe: 'Kreiselpumpe', uom: 'шт', priceEur: 310 },
  { code: 'P-1014', nameRu: 'Фильтр масляный', nameDe: 'Ölfilter', uom: 'шт', priceEur: 8.4 },
  { code: 'P-1015', nameRu: 'Смазка литиевая', nameDe: 'Lithiumfett', uom: 'кг', priceEur: 6.9 },
  { code: 'P-1016', nameRu: 'Клапан шаровой DN25', nameDe: 'Kugelhahn DN25', uom: 'шт', priceEur: 17.5 },
  { code: 'P-1017', nameRu: 'Светильник LED 36 Вт', nameDe: 'LED-Leuchte 36 W', uom: 'шт', priceEur: 29 },
  { code: 'P-1018', nameRu: 'Монтаж оборудования', nameDe: 'Montage', uom: 'ч', priceEur: 45 },
  { code: 'P-1019', nameRu: 'Доставка', nameDe: 'Lieferung', uom: 'шт', priceEur: 35 },
  { code: 'P-1020', nameRu: 'Сервисное обслуживание', nameDe: 'Wartung', uom: 'ч', priceEur: 55 },
  { code: 'P-1021', nameRu: 'Ремень приводной', nameDe: 'Antriebsriemen', uom: 'шт', priceEur: 12.3 },
  { code: 'P-1022', nameRu: 'Редуктор червячный', nameDe: 'Schneckengetriebe', uom: 'шт', priceEur: 265 },
  {
    code: 'P-1023',
    nameRu: 'Гофрокороб 600×400',
    nameDe: 'Wellpappkarton 600×400',
    uom: 'шт',
    priceEur: 0.9,
  },
  { code: 'P-1024', nameRu: 'Сварочная проволока', nameDe: 'Schweißdraht', uom: 'кг', priceEur: 2.7 },
];

/** The unit price in an order's currency. */
export function priceIn(product: Product, currency: string): number {
  if (currency === 'RUB') return round(product.priceEur * 98);
  if (currency === 'USD') return round(product.priceEur * 108) / 100;
  return product.priceEur;
}
