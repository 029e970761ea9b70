import {
  ConfigError,
  type CrmError,
  createLogger,
  type OneCSourceConfig,
  SourceConfig,
  TransientError,
} from '@crm-bridge/core';
import { type ClosableHttpClient, createHttpClient, type PageRequest } from '@crm-bridge/sync';
import { useNock } from '@test/support/nock';
import nock from 'nock';
import { oneCErrors } from './errors';
import { mapOrder } from './map-order';
import { oneCConnector } from './onec-connector';
import type { OneCRecord, OneCSession } from './onec-session';
import { customersStream } from './streams/customers';
import { ordersStream } from './streams/orders';

const HOST = 'http://1c.test';
const ROOT = '/trade/odata/standard.odata';
const USER = 'Интеграция';
const PASSWORD = 'секрет-42';
const log = createLogger({ level: 'silent' });
const signal = new AbortController().signal;
let clients: ClosableHttpClient[] = [];

const path = (set: string) => `${ROOT}/${encodeURIComponent(set)}`;
const envelope = (set: string, value: unknown[], count?: number) => ({
  'odata.metadata': `${HOST}${ROOT}/$metadata#${set}`,
  ...(count === undefined ? {} : { 'odata.count': String(count) }),
  value,
});
const odataError = (code: string, value: string) => ({
  'odata.error': { code, message: { lang: 'ru', value } },
});
const request = (token: PageRequest['token'], pageSize = 4): PageRequest => ({
  since: null,
  token,
  pageSize,
  signal,
});

function source(overrides: Record<string, unknown> = {}): OneCSourceConfig {
  return SourceConfig.parse({
    kind: 'onec',
    id: 'onec',
    url: `${HOST}${ROOT}`,
    timezone: 'Europe/Moscow',
    credentials: { username: USER, password: PASSWORD },
    ...overrides,
  }) as OneCSourceConfig;
}

function session(config = source()): OneCSession {
  const http = createHttpClient({
    baseUrl: config.url,
    timeoutMs: 2000,
    requestsPerSecond: 1000,
    concurrency: 1,
    errors: oneCErrors,
  });
  clients.push(http);
  return { http, source: config, currencies: null, products: new Map() };
}

const PUBLISHED = [
  'Catalog_Контрагенты',
  'Catalog_КонтактныеЛица',
  'Document_ЗаказКлиента',
  'Catalog_Валюты',
  'Catalog_Номенклатура',
];
const serviceDocument = (names = PUBLISHED) => ({
  'odata.metadata': `${HOST}${ROOT}/$metadata`,
  value: names.map((name) => ({ name, url: name })),
});

async function failureOf(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (error) {
    return error as CrmError;
  }
  throw new Error('expected a failure');
}

const row = (key: string, extra: OneCRecord = {}): OneCRecord => ({
  Ref_Key: key,
  DataVersion: 'AAAAAQAAAAE=',
  DeletionMark: false,
  ...extra,
});

useNock(() => {
  for (const client of clients) client.close();
  clients = [];
});

describe('connect', () => {
  it('logs in with UTF-8 Basic auth and checks the service document lists every set it needs', async () => {
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`, 'utf8').toString('base64')}`;
    nock(HOST)
      .get(`${ROOT}/`)
      .query({ $format: 'json' })
      .matchHeader('authorization', expected)
      .reply(200, serviceDocument());
    const config = source();
    const http = createHttpClient({
      baseUrl: config.url,
      timeoutMs: 2000,
      requestsPerSecond: 1000,
      concurrency: 1,
      errors: oneCErrors,
    });
    clients.push(http);
    const connected = await oneCConnector.connect({ source: config, http, log, signal });
    expect(connected.currencies).toBeNull();
  });

  it('names the sets to publish when the service document lacks them', async () => {
    nock(HOST)
      .get(`${ROOT}/`)
      .query({ $format: 'json' })
      .reply(200, serviceDocument(['Catalog_Контрагенты']));
    const config = source();
    const failure = await failureOf(
      oneCConnector.connect({ source: config, http: session(config).http, log, signal }),
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.message).toContain(
      'Catalog_КонтактныеЛица, Document_ЗаказКлиента, Catalog_Валюты, Catalog_Номенклатура',
    );
    expect(failure.message).toContain('Настройка стандартного интерфейса OData');
  });

  it('says nothing is published when the service document is empty, as on a fresh publication', async () => {
    nock(HOST).get(`${ROOT}/`).query({ $format: 'json' }).reply(200, serviceDocument([]));
    const config = source({ streams: { contacts: { enabled: false }, orders: { enabled: false } } });
    const failure = await failureOf(
      oneCConnector.connect({ source: config, http: session(config).http, log, signal }),
    );
    expect(failure).toMatchObject({ code: 'onec.entity_set_not_published' });
    expect(failure.message).toContain('Not published in the 1C OData interface: Catalog_Контрагенты.');
  });

  it('turns the web server 401 page into a ConfigError that never echoes the password', async () => {
    nock(HOST)
      .get(`${ROOT}/`)
      .query({ $format: 'json' })
      .reply(401, '<html><body>401 Unauthorized</body></html>', { 'www-authenticate': 'Basic realm="1C"' });
    const config = source();
    const failure = await failureOf(
      oneCConnector.connect({ source: config, http: session(config).http, log, signal }),
    );
    expect(failure).toMatchObject({ code: 'onec.unauthorized', recovery: 'fix_config' });
    expect(failure.message).not.toContain(PASSWORD);
  });
});

describe('scan paging', () => {
  it('asks for json, folders out, Ref_Key order and the count on the first page only', async () => {
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query({
        $filter: 'IsFolder eq false',
        $orderby: 'Ref_Key',
        $top: '4',
        $inlinecount: 'allpages',
        $format: 'json',
      })
      .reply(200, envelope('Catalog_Контрагенты', [row('k1'), row('k2'), row('k3'), row('k4')], 9));
    const page = await customersStream.readPage(session(), request(null));
    expect(page.records.map((r) => r.Ref_Key)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(page).toMatchObject({ total: 9, next: { skip: 4, last: 'k4' } });
  });

  it('re-reads a few rows before its offset and drops those already handed out', async () => {
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query({ $filter: 'IsFolder eq false', $orderby: 'Ref_Key', $top: '5', $skip: '3', $format: 'json' })
      .reply(200, envelope('Catalog_Контрагенты', [row('k4'), row('k5'), row('k6')]));
    const page = await customersStream.readPage(session(), request({ skip: 4, last: 'k4' }));
    expect(page.records.map((r) => r.Ref_Key)).toEqual(['k5', 'k6']);
    expect(page.next).toBeNull();
  });

  it('loses nothing when a row before the offset was deleted between pages', async () => {
    // k2 vanished: k5 moved to position 3, where a plain $skip=4 would have stepped over it.
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query({ $filter: 'IsFolder eq false', $orderby: 'Ref_Key', $top: '5', $skip: '3', $format: 'json' })
      .reply(200, envelope('Catalog_Контрагенты', [row('k5'), row('k6')]));
    const page = await customersStream.readPage(session(), request({ skip: 4, last: 'k4' }));
    expect(page.records.map((r) => r.Ref_Key)).toEqual(['k5', 'k6']);
  });

  it('adds the configured filter and skips folders a filter could not exclude', async () => {
    const config = source({ streams: { customers: { filter: "ЮрФизЛицо eq 'ЮрЛицо'" } } });
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query({
        $filter: "(IsFolder eq false) and (ЮрФизЛицо eq 'ЮрЛицо')",
        $orderby: 'Ref_Key',
        $top: '4',
        $inlinecount: 'allpages',
        $format: 'json',
      })
      .reply(200, envelope('Catalog_Контрагенты', [row('g', { IsFolder: true }), row('k1')], 1));
    const page = await customersStream.readPage(session(config), request(null));
    expect(page.records.map((r) => r.Ref_Key)).toEqual(['k1']);
  });

  it('lists ids with $select=Ref_Key', async () => {
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query({
        $filter: 'IsFolder eq false',
        $select: 'Ref_Key',
        $orderby: 'Ref_Key',
        $top: '4',
        $inlinecount: 'allpages',
        $format: 'json',
      })
      .reply(200, envelope('Catalog_Контрагенты', [{ Ref_Key: 'k1' }, { Ref_Key: 'k2' }], 2));
    const page = await customersStream.listIds!(session(), request(null));
    expect(page).toEqual({ records: ['k1', 'k2'], next: null, total: 2 });
  });
});

describe('orders', () => {
  const currency = 'cccccccc-0000-11ec-a7a0-f10ab59a067e';
  const productA = 'aaaaaaaa-0000-11ec-a7a0-f10ab59a067e';
  const productB = 'bbbbbbbb-0000-11ec-a7a0-f10ab59a067e';
  const order = (key: string, products: string[]) =>
    row(key, {
      Number: `УТ-${key}`,
      Date: '2024-05-02T12:00:00',
      Posted: true,
      Статус: 'КОтгрузке',
      Контрагент_Key: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
      Валюта_Key: currency,
      СуммаДокумента: 120,
      Товары: products.map((product, index) => ({
        LineNumber: String(index + 1),
        Номенклатура_Key: product,
        Количество: 1,
        Цена: 50,
        Сумма: 50,
        СуммаНДС: 10,
      })),
    });

  it('resolves currency and products once per session and maps the enriched order', async () => {
    nock(HOST)
      .get(path('Document_ЗаказКлиента'))
      .query({ $orderby: 'Ref_Key', $top: '2', $inlinecount: 'allpages', $format: 'json' })
      .reply(
        200,
        envelope('Document_ЗаказКлиента', [order('o1', [productA, productB]), order('o2', [productA])], 3),
      )
      .get(path('Document_ЗаказКлиента'))
      .query({ $orderby: 'Ref_Key', $top: '2', $skip: '2', $format: 'json' })
      .reply(200, envelope('Document_ЗаказКлиента', [order('o3', [productB])]));
    nock(HOST)
      .get(path('Catalog_Валюты'))
      .query({ $select: 'Ref_Key,Code,Description', $orderby: 'Ref_Key', $top: '1000', $format: 'json' })
      .reply(200, envelope('Catalog_Валюты', [{ Ref_Key: currency, Code: '643', Description: 'RUB' }]))
      .get(path('Catalog_Номенклатура'))
      .query({ $filter: `Ref_Key eq guid'${productA}' or Ref_Key eq guid'${productB}'`, $format: 'json' })
      .reply(
        200,
        envelope('Catalog_Номенклатура', [
          { Ref_Key: productA, Code: '00-01', Description: 'Подшипник', Артикул: 'P-1001' },
          { Ref_Key: productB, Code: '00-02', Description: 'Доставка', Артикул: '' },
        ]),
      );
    const shared = session();
    const first = await ordersStream.readPage(shared, request(null, 2));
    // The second page needs only productB, already cached: no second Catalog_Номенклатура request.
    const second = await ordersStream.readPage(shared, request(first.next, 2));
    expect(second.next).toBeNull();
    const mapped = [...first.records, ...second.records].map((raw) =>
      mapOrder(raw, { sourceId: 'onec', timeZone: 'Europe/Moscow' }),
    );
    expect(mapped.map((o) => [o.currency, o.lines?.map((l) => `${l.productCode}:${l.name}`)])).toEqual([
      ['RUB', ['P-1001:Подшипник', '00-02:Доставка']],
      ['RUB', ['P-1001:Подшипник']],
      ['RUB', ['00-02:Доставка']],
    ]);
    expect(mapped[0]).toMatchObject({
      orderedAt: '2024-05-02T09:00:00.000Z',
      totalAmount: 120,
      taxAmount: 20,
      netAmount: 100,
    });
  });
});

describe('error table', () => {
  const read = (config = source()) => customersStream.readPage(session(config), request(null));
  const reply = (status: number, body: unknown) =>
    nock(HOST)
      .get(path('Catalog_Контрагенты'))
      .query(true)
      .reply(status, body as nock.Body);

  it('names the entity set to publish for code 6 on the set', async () => {
    reply(404, odataError('6', "Сегмент пути 'Catalog_Контрагенты' не найден!"));
    const failure = await failureOf(read());
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure).toMatchObject({ code: 'onec.entity_set_not_published' });
    expect(failure.message).toContain('Entity set Catalog_Контрагенты is not published');
  });

  it('tells an unknown field from an unpublished set', async () => {
    reply(400, odataError('6', "Сегмент пути 'ИННКПП' не найден!"));
    expect(await failureOf(read())).toMatchObject({ code: 'onec.unknown_field', recovery: 'fix_config' });
  });

  it('sends a $filter 1C cannot parse back to the config', async () => {
    reply(400, odataError('14', 'Ошибка при разборе опции запроса $filter'));
    const failure = await failureOf(read(source({ streams: { customers: { filter: 'ИНН eq' } } })));
    expect(failure).toMatchObject({ code: 'onec.bad_filter' });
    expect(failure.message).toContain('streams.<stream>.filter');
  });

  it('retries 1C application errors and keeps their Russian text', async () => {
    reply(500, odataError('-1', 'Произошла внутренняя ошибка OData сервиса'));
    const failure = await failureOf(read());
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.message).toContain('Произошла внутренняя ошибка OData сервиса');
  });

  it('says no publication answers for an HTML 404', async () => {
    reply(404, '<html><body>Not Found</body></html>');
    expect(await failureOf(read())).toMatchObject({ code: 'onec.no_publication' });
  });

  it('refuses an Atom answer (a proxy that dropped $format) instead of reading nothing', async () => {
    reply(200, '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    expect(await failureOf(read())).toMatchObject({ code: 'sync.bad_response' });
  });
});
