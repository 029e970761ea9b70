import { InvalidRecordError, Order } from '@crm-bridge/core';
import { mapOrder } from './map-order';
import { localDateToUtc } from './onec-values';

const context = { sourceId: 'onec', timeZone: 'Europe/Moscow' };

const line = (n: number, extra: Record<string, unknown> = {}) => ({
  LineNumber: String(n),
  Номенклатура_Key: `0000000${n}-aaaa-11ec-a7a0-f10ab59a067e`,
  Количество: 3,
  Цена: 500,
  Сумма: 1500,
  СуммаНДС: 250,
  СуммаСНДС: 1500,
  Отменено: false,
  Номенклатура: { Code: '00-0000042', Description: 'Подшипник 6205-2RS', Артикул: 'P-1001' },
  ...extra,
});

const order = {
  Ref_Key: '0c4320aa-624f-11f0-a7a0-fa78dd2b3d42',
  DataVersion: 'AAAAAgAAAAA=',
  DeletionMark: false,
  Number: 'УТ-000711',
  Date: '2024-05-02T12:00:00',
  Posted: true,
  Статус: 'КОтгрузке',
  Контрагент_Key: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
  Валюта_Key: 'cccccccc-42ee-11ec-a7a0-f10ab59a067e',
  СуммаДокумента: 3000,
  ЦенаВключаетНДС: true,
  Товары: [line(1), line(2, { Номенклатура: { Code: '00-0000043', Description: 'Доставка' } })],
  Валюта: { Code: '643', Description: 'RUB' },
};

describe('mapOrder', () => {
  it('maps an УТ 11 customer order with its Товары', () => {
    expect(Order.parse(mapOrder(order, context))).toEqual({
      sourceId: 'onec',
      externalId: '0c4320aa-624f-11f0-a7a0-fa78dd2b3d42',
      number: 'УТ-000711',
      customerExternalId: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
      status: 'confirmed',
      erpStatus: 'КОтгрузке',
      orderedAt: '2024-05-02T09:00:00.000Z',
      currency: 'RUB',
      netAmount: 2500,
      taxAmount: 500,
      totalAmount: 3000,
      lines: [
        {
          lineNo: 1,
          productCode: 'P-1001',
          name: 'Подшипник 6205-2RS',
          quantity: 3,
          unitPrice: 500,
          amount: 1500,
        },
        { lineNo: 2, productCode: '00-0000043', name: 'Доставка', quantity: 3, unitPrice: 500, amount: 1500 },
      ],
      recordStatus: 'active',
      sourceModifiedAt: null,
    });
  });

  it.each([
    [{ Posted: false, Статус: 'КОтгрузке' }, 'draft'],
    [{ Статус: 'НеСогласован' }, 'sent'],
    [{ Статус: 'КОбеспечению' }, 'confirmed'],
    [{ Статус: 'Закрыт' }, 'fulfilled'],
    [{ Статус: 'Закрыт', Товары: [line(1, { Отменено: true })] }, 'cancelled'],
  ])('maps %j to %s', (change, status) => {
    expect(mapOrder({ ...order, ...change }, context).status).toBe(status);
  });

  it('archives an order marked for deletion and reads УНФ ВалютаДокумента_Key', () => {
    const { Валюта_Key: _, ...rest } = order;
    const mapped = mapOrder(
      { ...rest, ВалютаДокумента_Key: 'x', DeletionMark: true, Posted: false },
      context,
    );
    expect(mapped).toMatchObject({ recordStatus: 'archived', status: 'draft', currency: 'RUB' });
  });

  it('reads decimals serialised as strings and a currency known only by its numeric code', () => {
    const mapped = mapOrder(
      { ...order, СуммаДокумента: '3000.50', Валюта: { Code: '978', Description: 'евро' } },
      context,
    );
    expect(mapped).toMatchObject({ totalAmount: 3000.5, currency: 'EUR' });
  });

  it.each([
    [{ Контрагент_Key: '00000000-0000-0000-0000-000000000000' }, /Контрагент_Key is empty/],
    [{ Date: '0001-01-01T00:00:00' }, /is no date/],
    [{ Валюта: undefined }, /not in Catalog_Валюты/],
    [
      { Товары: [line(1, { Номенклатура_Key: '00000000-0000-0000-0000-000000000000' })] },
      /line 1: Номенклатура_Key is empty/,
    ],
    [{ Товары: [line(1, { Количество: 'три' })] }, /line 1: Количество, Цена and Сумма must be numbers/],
    [{ Товары: [line(1, { Номенклатура: {} })] }, /not in Catalog_Номенклатура/],
  ])('refuses %j', (change, reason) => {
    expect(() => mapOrder({ ...order, ...change }, context)).toThrow(InvalidRecordError);
    expect(() => mapOrder({ ...order, ...change }, context)).toThrow(reason);
  });
});

describe('localDateToUtc', () => {
  it('converts naive server-local times with the source time zone, DST included', () => {
    expect(localDateToUtc('2024-05-02T12:00:00', 'Europe/Moscow')).toBe('2024-05-02T09:00:00.000Z');
    expect(localDateToUtc('2024-07-01T12:00:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000Z');
    expect(localDateToUtc('2024-01-01T12:00:00', 'Europe/Berlin')).toBe('2024-01-01T11:00:00.000Z');
    expect(localDateToUtc('2024-03-31T03:30:00', 'Europe/Berlin')).toBe('2024-03-31T01:30:00.000Z');
    expect(localDateToUtc('0001-01-01T00:00:00', 'UTC')).toBeNull();
    expect(localDateToUtc('yesterday', 'UTC')).toBeUndefined();
  });
});
