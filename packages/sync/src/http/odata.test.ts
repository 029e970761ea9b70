import { useNock } from '@test/support/nock';
import nock from 'nock';
import { type ClosableHttpClient, createHttpClient } from './create-http-client';
import {
  odataDateTime,
  odataEntityPath,
  odataGuid,
  odataQuery,
  odataString,
  parseODataBody,
  readODataPage,
} from './odata';

const BASE = 'http://1c.example.local';
const ROOT = `${BASE}/trade/odata/standard.odata`;
const CUSTOMERS =
  '/trade/odata/standard.odata/Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B';

let http: ClosableHttpClient;

beforeEach(() => {
  http = createHttpClient({
    baseUrl: ROOT,
    timeoutMs: 2_000,
    requestsPerSecond: 100,
    concurrency: 1,
    errors: [],
  });
});
useNock(() => http.close());

describe('OData literals', () => {
  it('quotes strings, doubling quotes', () => {
    expect(odataString("O'Brien & Сыновья")).toBe("'O''Brien & Сыновья'");
  });

  it('writes GUIDs as guid literals in v3 and bare in v4, and refuses anything else', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(odataGuid(id)).toBe(`guid'${id}'`);
    expect(odataGuid(id, 4)).toBe(id);
    expect(() => odataGuid("x' or 1 eq 1 or '")).toThrow('Not a valid OData GUID');
  });

  it('writes naive v3 datetimes and offset v4 ones', () => {
    expect(odataDateTime('2024-05-01T10:00:00')).toBe("datetime'2024-05-01T10:00:00'");
    expect(odataDateTime('2024-05-01T10:00:00Z', 4)).toBe('2024-05-01T10:00:00Z');
    expect(() => odataDateTime('2024-05-01T10:00:00Z')).toThrow('naive');
    expect(() => odataDateTime('2024-05-01T10:00:00', 4)).toThrow('offset');
  });

  it('percent-encodes a Cyrillic entity set and its key', () => {
    expect(odataEntityPath('Catalog_Контрагенты')).toBe(CUSTOMERS.split('/').pop());
    expect(odataEntityPath('Catalog_Контрагенты', odataGuid('0f8fad5b-d9cb-469f-a165-70867728950e'))).toBe(
      `${CUSTOMERS.split('/').pop()}(guid'0f8fad5b-d9cb-469f-a165-70867728950e')`,
    );
  });
});

describe('odataQuery', () => {
  it('builds the options in a fixed order and leaves a zero $skip out', () => {
    expect(
      odataQuery({
        format: 'json',
        filter: "DeletionMark eq false and ИНН eq '7701'",
        select: ['Ref_Key', 'Description', 'ИНН'],
        orderby: 'Ref_Key',
        top: 100,
        skip: 0,
        count: true,
      }),
    ).toEqual({
      $filter: "DeletionMark eq false and ИНН eq '7701'",
      $select: 'Ref_Key,Description,ИНН',
      $orderby: 'Ref_Key',
      $top: '100',
      $inlinecount: 'allpages',
      $format: 'json',
    });
    expect(odataQuery({ count: true, version: 4, expand: ['salesOrderLines'] })).toEqual({
      $expand: 'salesOrderLines',
      $count: 'true',
    });
  });
});

describe('parseODataBody', () => {
  it('reads v3 JSON light', () => {
    expect(
      parseODataBody({
        'odata.metadata': 'x',
        'odata.count': '12',
        value: [{ a: 1 }],
        'odata.nextLink': 'Next?$skip=1',
      }),
    ).toEqual({
      records: [{ a: 1 }],
      nextLink: 'Next?$skip=1',
      count: 12,
    });
  });

  it('reads v4', () => {
    expect(
      parseODataBody({
        '@odata.context': 'x',
        '@odata.count': 3,
        value: [],
        '@odata.nextLink': 'https://h/n',
      }),
    ).toEqual({
      records: [],
      nextLink: 'https://h/n',
      count: 3,
    });
  });

  it('reads the verbose d.results form', () => {
    expect(parseODataBody({ d: { results: [1], __next: 'n' } })).toEqual({
      records: [1],
      nextLink: 'n',
      count: undefined,
    });
  });

  it('says what is missing when the answer is no collection (Atom XML without $format=json)', () => {
    expect(() => parseODataBody('<?xml version="1.0"?><feed/>')).toThrow(/\$format=json\); got: <\?xml/);
  });
});

describe('readODataPage', () => {
  const query = { select: ['Ref_Key', 'Description'], orderby: 'Ref_Key', format: 'json' };
  const row = (n: number) => ({ Ref_Key: `k${n}`, Description: `Фирма ${n}` });

  it('pages by $skip (encoded with %20, never +) until an empty page, trusting no short page', async () => {
    const path = `${CUSTOMERS}?$select=Ref_Key%2CDescription&$orderby=Ref_Key&$top=2`;
    nock(BASE)
      .get(`${path}&$format=json`)
      .reply(200, { 'odata.metadata': 'm', value: [row(1), row(2)] });
    nock(BASE)
      .get(`${path}&$skip=2&$format=json`)
      .reply(200, { 'odata.metadata': 'm', value: [row(3)] });
    nock(BASE).get(`${path}&$skip=3&$format=json`).reply(200, { 'odata.metadata': 'm', value: [] });
    const request = { path: odataEntityPath('Catalog_Контрагенты'), query, pageSize: 2 };
    const first = await readODataPage(http, { ...request, token: null });
    expect(first).toEqual({ records: [row(1), row(2)], next: { skip: 2 } });
    const second = await readODataPage(http, { ...request, token: first.next as { skip: number } });
    expect(second.next).toEqual({ skip: 3 });
    const third = await readODataPage(http, { ...request, token: { skip: 3 } });
    expect(third).toEqual({ records: [], next: null });
  });

  it('encodes a Cyrillic $filter with %20 and quoted literals', async () => {
    nock(BASE)
      .get(`${CUSTOMERS}?$filter=%D0%98%D0%9D%D0%9D%20eq%20%277701%27&$top=10&$format=json`)
      .reply(200, { value: [] });
    await readODataPage(http, {
      path: odataEntityPath('Catalog_Контрагенты'),
      query: { filter: `ИНН eq ${odataString('7701')}`, format: 'json' },
      pageSize: 10,
      token: null,
    });
  });

  it('follows a relative v3 nextLink and an absolute v4 one, and stops when none comes', async () => {
    nock(BASE)
      .get('/trade/odata/standard.odata/BusinessPartners?$top=20')
      .reply(200, { value: [1], 'odata.nextLink': 'BusinessPartners?$skip=20' });
    nock(BASE)
      .get('/trade/odata/standard.odata/BusinessPartners?$skip=20')
      .reply(200, { value: [2], '@odata.nextLink': `${ROOT}/BusinessPartners?$skiptoken=abc` });
    nock(BASE)
      .get('/trade/odata/standard.odata/BusinessPartners?$skiptoken=abc')
      .reply(200, { value: [3] });
    const request = { path: 'BusinessPartners', query: {}, pageSize: 20 };
    const first = await readODataPage(http, { ...request, token: null });
    expect(first.next).toEqual({ nextLink: `${ROOT}/BusinessPartners?$skip=20` });
    const second = await readODataPage(http, { ...request, token: first.next as { nextLink: string } });
    expect(second.next).toEqual({ nextLink: `${ROOT}/BusinessPartners?$skiptoken=abc` });
    const third = await readODataPage(http, { ...request, token: second.next as { nextLink: string } });
    expect(third).toEqual({ records: [3], next: null });
  });

  it('passes the server total on', async () => {
    nock(BASE)
      .get('/trade/odata/standard.odata/X?$top=5&$inlinecount=allpages')
      .reply(200, { 'odata.count': '42', value: [] });
    await expect(
      readODataPage(http, { path: 'X', query: { count: true }, pageSize: 5, token: null }),
    ).resolves.toEqual({
      records: [],
      next: null,
      total: 42,
    });
  });
});
