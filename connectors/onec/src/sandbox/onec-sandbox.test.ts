import type { SandboxHandle } from '@crm-bridge/sync/testing';
import { SANDBOX_USER, startOneCSandbox } from './onec-sandbox';

const PASSWORD = 'пароль-1С';
const auth = (user = SANDBOX_USER, password = PASSWORD, encoding: BufferEncoding = 'utf8') =>
  `Basic ${Buffer.from(`${user}:${password}`, encoding).toString('base64')}`;

let sandbox: SandboxHandle;
let root: string;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${root}${path}`, { headers: { authorization: auth(), ...headers } });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
const set = (name: string, query: string) => `/${encodeURIComponent(name)}?${query}`;
const errorCode = (body: Record<string, unknown> | undefined) =>
  (body?.['odata.error'] as { code?: string } | undefined)?.code;
const values = (body: Record<string, unknown> | undefined) =>
  (body?.value ?? []) as Record<string, unknown>[];
const CUSTOMERS = 'Catalog_Контрагенты';
const ORDERS = 'Document_ЗаказКлиента';

beforeEach(async () => {
  sandbox = await startOneCSandbox({ seed: 11, size: 60, faults: { malformedRate: 0.1 } });
  root = (sandbox.source('onec') as { url: string }).url;
});
afterEach(() => sandbox.close());

describe('1C OData sandbox', () => {
  it('answers the JSON light envelope with odata.count as a string', async () => {
    const { status, json } = await get(
      set(CUSTOMERS, '$format=json&$filter=IsFolder%20eq%20false&$top=3&$inlinecount=allpages'),
    );
    expect(status).toBe(200);
    expect(json?.['odata.metadata']).toBe(`${root}/$metadata#${CUSTOMERS}`);
    expect(json?.['odata.count']).toBe(String(sandbox.expected().customers));
    expect(values(json)).toHaveLength(3);
    expect(values(json)[0]).toMatchObject({
      IsFolder: false,
      DataVersion: expect.any(String),
      КонтактнаяИнформация: expect.any(Array),
    });
  });

  it('answers Atom XML without $format=json, whatever the Accept header says', async () => {
    const { status, headers, text } = await get(set(CUSTOMERS, '$top=1'), { accept: 'application/json' });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/atom+xml');
    expect(text).toMatch(/^<\?xml[^>]*\?><feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  });

  it('takes a UTF-8 Cyrillic login and refuses one in another encoding or a wrong password with the web server page', async () => {
    expect((await get('/?$format=json')).status).toBe(200);
    for (const header of [auth(SANDBOX_USER, PASSWORD, 'latin1'), auth(SANDBOX_USER, 'wrong')]) {
      const refused = await get('/?$format=json', { authorization: header });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Basic');
      expect(refused.text).toContain('<html>');
    }
  });

  it('pages with $top/$skip in Ref_Key order, which is not the order of the key text', async () => {
    const all = values((await get(set(CUSTOMERS, '$format=json&$orderby=Ref_Key'))).json).map(
      (r) => r.Ref_Key,
    );
    const paged: unknown[] = [];
    for (let skip = 0; skip < all.length; skip += 7) {
      paged.push(
        ...values((await get(set(CUSTOMERS, `$format=json&$orderby=Ref_Key&$top=7&$skip=${skip}`))).json).map(
          (r) => r.Ref_Key,
        ),
      );
    }
    expect(paged).toEqual(all);
    expect([...all].sort()).not.toEqual(all);
  });

  it('serves the groups of the hierarchical catalog unless IsFolder eq false filters them', async () => {
    const all = values((await get(set(CUSTOMERS, '$format=json'))).json);
    expect(all.filter((r) => r.IsFolder === true).map((r) => r.Description)).toEqual([
      'Покупатели',
      'Поставщики',
    ]);
    expect(all.length).toBe(sandbox.expected().customers + 2);
  });

  it('projects $select, looks keys up in an or-filter and evaluates other filters row by row', async () => {
    const keys = sandbox.liveIds('customers').slice(0, 2);
    const picked = await get(
      set(
        CUSTOMERS,
        `$format=json&$select=Ref_Key,DataVersion&$filter=${encodeURIComponent(keys.map((k) => `Ref_Key eq guid'${k}'`).join(' or '))}`,
      ),
    );
    expect(values(picked.json).map((r) => Object.keys(r))).toEqual([
      ['Ref_Key', 'DataVersion'],
      ['Ref_Key', 'DataVersion'],
    ]);
    const residents = await get(
      set(CUSTOMERS, `$format=json&$filter=${encodeURIComponent("ЮрФизЛицо eq 'ЮрЛицоНеРезидент'")}`),
    );
    expect(values(residents.json).length).toBeGreaterThan(0);
    expect(values(residents.json).every((r) => r.ЮрФизЛицо === 'ЮрЛицоНеРезидент')).toBe(true);
  });

  it('answers errors in odata.error shape with 1C codes', async () => {
    expect((await get(set('Catalog_Партнеры', '$format=json'))).json).toEqual({
      'odata.error': {
        code: '6',
        message: { lang: 'ru', value: "Сегмент пути 'Catalog_Партнеры' не найден!" },
      },
    });
    const field = await get(set(CUSTOMERS, '$format=json&$select=Ref_Key,ИННКПП'));
    expect([field.status, errorCode(field.json)]).toEqual([400, '6']);
    const filter = await get(set(CUSTOMERS, `$format=json&$filter=${encodeURIComponent('ИНН eq')}`));
    expect([filter.status, errorCode(filter.json)]).toEqual([400, '14']);
    const missing = await get(
      `/${encodeURIComponent(CUSTOMERS)}(guid'00000000-0000-0000-0000-000000000001')?$format=json`,
    );
    expect([missing.status, errorCode(missing.json)]).toEqual([404, '9']);
    const [key] = sandbox.liveIds('customers');
    const one = await get(`/${encodeURIComponent(CUSTOMERS)}(guid'${key}')?$format=json`);
    expect(one.json).toMatchObject({
      'odata.metadata': `${root}/$metadata#${CUSTOMERS}/@Element`,
      Ref_Key: key,
    });
  });

  it('flips DeletionMark for archives, drops deleted keys, and moves DataVersion on edits only', async () => {
    const read = async () =>
      new Map(
        values((await get(set(ORDERS, '$format=json'))).json).map((r) => [r.Ref_Key as string, r] as const),
      );
    const before = await read();
    sandbox.change({ edits: 3, archives: 2, deletions: 2, additions: 1, streams: ['orders'] });
    const after = await read();
    const gone = [...before.keys()].filter((key) => !after.has(key));
    const added = [...after.keys()].filter((key) => !before.has(key));
    expect([gone.length, added.length]).toEqual([2, 1]);
    const changed = [...after.entries()].filter(
      ([key, r]) => before.has(key) && before.get(key)!.DataVersion !== r.DataVersion,
    );
    expect(changed.length).toBeGreaterThanOrEqual(3);
    expect(changed.length).toBeLessThanOrEqual(5);
    const archived = changed.filter(
      ([key, r]) => r.DeletionMark === true && before.get(key)!.DeletionMark === false,
    );
    expect(archived.length).toBeGreaterThanOrEqual(1);
    expect(archived.every(([, r]) => r.Posted === false)).toBe(true);
    expect(sandbox.expected().orders).toBe(after.size);
    const missing = await get(`/${encodeURIComponent(ORDERS)}(guid'${gone[0]}')?$format=json`);
    expect(missing.status).toBe(404);
  });

  it('serves the malformed records it names, the same ones every read', async () => {
    const malformed = new Set(sandbox.malformedIds('customers'));
    expect(malformed.size).toBeGreaterThan(0);
    const rows = values((await get(set(CUSTOMERS, '$format=json&$filter=IsFolder%20eq%20false'))).json);
    for (const r of rows) {
      const broken = r.Description === '' || /[^\d\s]/.test(String(r.ИНН));
      expect({ key: r.Ref_Key, broken }).toEqual({
        key: r.Ref_Key,
        broken: malformed.has(r.Ref_Key as string),
      });
    }
    const orders = values((await get(set(ORDERS, '$format=json'))).json);
    const brokenOrders = orders.filter(
      (o) =>
        o.Контрагент_Key === '00000000-0000-0000-0000-000000000000' ||
        (o.Товары as { Номенклатура_Key: string }[]).some(
          (l) => l.Номенклатура_Key === '00000000-0000-0000-0000-000000000000',
        ),
    );
    expect(brokenOrders.map((o) => o.Ref_Key).sort()).toEqual([...sandbox.malformedIds('orders')].sort());
  });

  it('fails like 1C (500, odata.error -1) and the web server in front of it (HTML 5xx, 503 with Retry-After)', async () => {
    sandbox.setFaults({ serverErrorRate: 1 });
    const failed = await Promise.all(Array.from({ length: 12 }, () => get('/?$format=json')));
    expect(failed.every((r) => [500, 503, 504].includes(r.status))).toBe(true);
    expect(failed.some((r) => r.text.includes('<html>'))).toBe(true);
    expect(failed.filter((r) => r.status === 500).every((r) => errorCode(r.json) === '-1')).toBe(true);
    expect(failed.some((r) => r.status === 500)).toBe(true);
    sandbox.setFaults({ rateLimitRate: 1 });
    const busy = await Promise.all(Array.from({ length: 10 }, () => get('/?$format=json')));
    expect(busy.every((r) => r.status === 503)).toBe(true);
    expect(busy.some((r) => r.headers.get('retry-after') !== null)).toBe(true);
  });
});

describe('1C OData sandbox cold start', () => {
  it('answers the first request late when slow faults are on', async () => {
    const cold = await startOneCSandbox({ size: 5, faults: { slowRate: 0.000001, slowMs: 60 } });
    const url = (cold.source('onec') as { url: string }).url;
    const started = Date.now();
    await fetch(`${url}/?$format=json`, { headers: { authorization: auth() } });
    const first = Date.now() - started;
    const again = Date.now();
    await fetch(`${url}/?$format=json`, { headers: { authorization: auth() } });
    expect(first).toBeGreaterThanOrEqual(200);
    expect(Date.now() - again).toBeLessThan(first);
    await cold.close();
  });
});
