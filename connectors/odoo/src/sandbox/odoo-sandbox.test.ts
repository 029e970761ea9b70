import {
  createOdooSandbox,
  type OdooSandboxHandle,
  SANDBOX_API_KEY,
  SANDBOX_DATABASE,
  SANDBOX_LOGIN,
} from './odoo-sandbox';
import { executeKw, type Json, json2, result, rpc } from './sandbox.test-support';

const handles: OdooSandboxHandle[] = [];
let v17: OdooSandboxHandle;
let v19: OdooSandboxHandle;

beforeAll(async () => {
  v17 = await createOdooSandbox({ seed: 3, size: 60, version: 17 });
  v19 = await createOdooSandbox({ seed: 3, size: 60, version: 19 });
  handles.push(v17, v19);
});
afterAll(() => Promise.all(handles.map((handle) => handle.close())));

describe('Odoo sandbox: /jsonrpc', () => {
  it('answers common.login with the uid, or false with HTTP 200 for bad credentials', async () => {
    expect(await rpc(v17, 'common', 'login', [SANDBOX_DATABASE, SANDBOX_LOGIN, SANDBOX_API_KEY])).toEqual({
      status: 200,
      body: { jsonrpc: '2.0', id: 5, result: 2 },
    });
    expect((await rpc(v17, 'common', 'login', [SANDBOX_DATABASE, SANDBOX_LOGIN, 'nope'])).body.result).toBe(
      false,
    );
    expect(await result(rpc(v19, 'common', 'version', []))).toMatchObject({
      server_version_info: [19, 0, 0, 'final', 0, ''],
    });
  });

  it('renders partners with `false` for empties, many2one pairs and UTC whole-second write_date', async () => {
    const [company] = await result<Json[]>(
      executeKw(v17, 'res.partner', 'search_read', [[['is_company', '=', true]]], {
        limit: 1,
        order: 'id asc',
      }),
    );
    expect(company).toMatchObject({
      id: 1,
      is_company: true,
      parent_id: false,
      type: 'contact',
      mobile: false,
    });
    expect(company!.write_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(company!.country_id).toEqual([expect.any(Number), expect.any(String)]);
    const [person] = await result<Json[]>(
      executeKw(v17, 'res.partner', 'search_read', [[['parent_id', '!=', false]]], {
        fields: ['parent_id', 'mobile', 'phone'],
        order: 'id asc',
        limit: 1,
      }),
    );
    const [parentId] = person!.parent_id as [number, string];
    const [parent] = await result<Json[]>(executeKw(v17, 'res.partner', 'read', [[parentId], ['name']]));
    expect(person).toEqual({
      id: expect.any(Number),
      parent_id: [parentId, parent!.name],
      mobile: expect.any(String),
      phone: false,
    });
  });

  it('hides archived partners unless context active_test is false', async () => {
    const count = (context: Json) =>
      result<number>(executeKw(v17, 'res.partner', 'search_count', [[]], { context }));
    const all = await count({ active_test: false });
    const active = await count({});
    const archivedOnly = await result<number>(
      executeKw(v17, 'res.partner', 'search_count', [[['active', '=', false]]]),
    );
    expect(all).toBe(v17.expected().customers + v17.expected().contacts);
    expect(active).toBeLessThan(all);
    // A domain that names `active` is left alone, as Odoo does.
    expect(archivedOnly).toBe(all - active);
  });

  it('pages with offset/limit in the default _order; limit 0 reads everything', async () => {
    const ids = (kwargs: Json) => result<number[]>(executeKw(v17, 'sale.order', 'search', [[]], kwargs));
    const everything = await ids({ limit: 0 });
    expect(everything.length).toBe(v17.expected().orders);
    const pages = [...(await ids({ limit: 10 })), ...(await ids({ offset: 10, limit: 10 }))];
    expect(pages).toEqual(everything.slice(0, 20));
    const orders = await result<Json[]>(
      executeKw(v17, 'sale.order', 'search_read', [[]], { fields: ['date_order'], limit: 30 }),
    );
    const dates = orders.map((order) => order.date_order as string);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('evaluates prefix domains with | and &, and reads lines by order_id in [...]', async () => {
    const context = { active_test: false };
    const first = await result<Json[]>(
      executeKw(v17, 'res.partner', 'search_read', [[['id', '<=', 12]]], {
        fields: ['is_company'],
        order: 'id asc',
        context,
      }),
    );
    const expected = first
      .filter((row) => row.id === 12 || (row.is_company === false && (row.id as number) < 10))
      .map((row) => row.id);
    const domain = ['|', ['id', '=', 12], '&', ['is_company', '=', false], ['id', '<', 10]];
    expect(
      await result(executeKw(v17, 'res.partner', 'search', [domain], { order: 'id asc', context })),
    ).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    const [order] = await result<Json[]>(
      executeKw(v17, 'sale.order', 'search_read', [[]], { fields: ['order_line'], limit: 1 }),
    );
    const lines = await result<Json[]>(
      executeKw(v17, 'sale.order.line', 'search_read', [[['order_id', 'in', [order!.id]]]], {
        fields: ['order_id', 'product_uom', 'tax_id'],
      }),
    );
    expect(lines.map((line) => line.id)).toEqual(order!.order_line);
  });

  it('compares write_date on the stored microseconds up to 18 and on whole seconds in 19', async () => {
    const tiesIn = async (sandbox: OdooSandboxHandle) => {
      const rows = await result<Json[]>(
        executeKw(sandbox, 'res.partner', 'search_read', [[]], {
          fields: ['write_date'],
          order: 'write_date asc, id asc',
          context: { active_test: false },
        }),
      );
      const second = rows.find((row, i) => rows[i + 1]?.write_date === row.write_date)!.write_date;
      const same = rows.filter((row) => row.write_date === second).length;
      const equal = await result<number>(
        executeKw(sandbox, 'res.partner', 'search_count', [[['write_date', '=', second]]], {
          context: { active_test: false },
        }),
      );
      return { same, equal };
    };
    const old = await tiesIn(v17);
    expect(old.equal).toBeLessThan(old.same);
    const current = await tiesIn(v19);
    expect(current.equal).toBe(current.same);
  });

  it('answers errors with HTTP 200, data.name and code 200 (17) / 0 (19)', async () => {
    const denied = await rpc(v17, 'object', 'execute_kw', [
      SANDBOX_DATABASE,
      2,
      'wrong',
      'res.partner',
      'search',
      [[]],
      {},
    ]);
    expect(denied.status).toBe(200);
    expect(denied.body.error).toMatchObject({
      code: 200,
      message: 'Odoo Server Error',
      data: { name: 'odoo.exceptions.AccessDenied' },
    });
    const invalid = await executeKw(v19, 'res.partner', 'search_read', [[]], { fields: ['mobile'] });
    expect(invalid.body.error).toMatchObject({
      code: 0,
      data: { name: 'builtins.ValueError', message: `Invalid field "mobile" on model "res.partner"` },
    });
  });
});

describe('Odoo sandbox: JSON-2', () => {
  it('exists only from 19', async () => {
    expect((await json2(v17, 'res.partner/search', {})).status).toBe(404);
  });

  it('needs a bearer key: 401 with WWW-Authenticate, then answers the bare value', async () => {
    const missing = await fetch(`${v19.url}/json/2/res.partner/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('bearer');
    expect(
      await json2(v19, 'res.partner/search', {}, { authorization: 'bearer nope' }).then((r) => r.json()),
    ).toMatchObject({
      name: 'werkzeug.exceptions.Unauthorized',
      message: 'Invalid apikey',
      arguments: ['Invalid apikey', 401],
    });
    const ids = await json2(v19, 'res.partner/search', {
      domain: [['id', '<', 4]],
      order: 'id asc',
      context: { active_test: false },
    });
    expect(await ids.json()).toEqual([1, 2, 3]);
  });

  it('answers the 19.0 status table', async () => {
    expect((await json2(v19, 'res.partner/search_read', { ids: [1] })).status).toBe(422);
    expect((await json2(v19, 'res.partner/frobnicate', {})).status).toBe(404);
    expect((await json2(v19, 'no.such.model/search', {})).status).toBe(404);
    expect((await json2(v19, 'res.partner/_private', {})).status).toBe(403);
    expect((await json2(v19, 'res.partner/search', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const missing = await fetch(`${v19.url}/json/2/res.partner/search`, {
      method: 'GET',
      headers: { authorization: `bearer ${SANDBOX_API_KEY}` },
    });
    expect(missing.status).toBe(404);
  });
});
