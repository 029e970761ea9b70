import { ConfigError, SessionExpiredError, TransientError } from '@crm-bridge/core';
import nock from 'nock';
import { connectOdoo } from './odoo-session';
import { BASE, context, failureOf, KEY, rpc, signal, source, useStrictNock } from './protocol.test-support';
import { customersStream } from './streams/customers';
import { ordersStream } from './streams/orders';

useStrictNock();

const rpcError = (name: string, code = 200, message = 'Odoo Server Error') => ({
  jsonrpc: '2.0',
  id: 2,
  error: {
    code,
    message,
    data: { name, message: `${name} happened`, arguments: [], context: {}, debug: 'Traceback /opt/odoo' },
  },
});

describe('legacy /jsonrpc', () => {
  it('logs in with common.login and reads with execute_kw in its exact argument order', async () => {
    nock(BASE)
      .post('/jsonrpc', rpc(1, 'common', 'login', ['acme', 'sync@acme.example', KEY]))
      .reply(200, { jsonrpc: '2.0', id: 1, result: 7 });
    const session = await connectOdoo(context(source()));
    nock(BASE)
      .post(
        '/jsonrpc',
        rpc(2, 'object', 'execute_kw', [
          'acme',
          7,
          KEY,
          'res.partner',
          'fields_get',
          [],
          { attributes: ['type'] },
        ]),
      )
      .reply(200, {
        jsonrpc: '2.0',
        id: 2,
        result: {
          id: { type: 'integer' },
          name: { type: 'char' },
          write_date: { type: 'datetime' },
          customer_rank: { type: 'integer' },
        },
      });
    const domain = [
      ['is_company', '=', true],
      ['customer_rank', '>', 0],
      ['write_date', '>=', '2024-05-01 10:00:00'],
    ];
    nock(BASE)
      .post(
        '/jsonrpc',
        rpc(3, 'object', 'execute_kw', [
          'acme',
          7,
          KEY,
          'res.partner',
          'search_count',
          [domain],
          { context: { active_test: false } },
        ]),
      )
      .reply(200, { jsonrpc: '2.0', id: 3, result: 1 });
    nock(BASE)
      .post(
        '/jsonrpc',
        rpc(4, 'object', 'execute_kw', [
          'acme',
          7,
          KEY,
          'res.partner',
          'search_read',
          [domain],
          {
            fields: ['id', 'name', 'write_date'],
            limit: 2,
            order: 'write_date asc, id asc',
            context: { active_test: false },
          },
        ]),
      )
      .reply(200, {
        jsonrpc: '2.0',
        id: 4,
        result: [{ id: 9, name: 'Deco Addict', write_date: '2024-05-01 10:00:07' }],
      });
    const page = await customersStream.readPage(session, {
      since: '2024-05-01T10:00:00.250Z',
      token: null,
      pageSize: 2,
      signal,
    });
    expect(page).toEqual({
      records: [{ id: 9, name: 'Deco Addict', write_date: '2024-05-01 10:00:07' }],
      next: null,
      total: 1,
    });
  });

  it('refuses bad credentials: login answers `result: false` with HTTP 200', async () => {
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 1, result: false });
    const error = await failureOf(connectOdoo(context(source())));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('odoo.login_refused');
    expect(error.message).not.toContain(KEY);
  });

  it.each([
    ['odoo.exceptions.AccessDenied', 200, ConfigError, 'odoo.access_denied'],
    ['odoo.exceptions.AccessError', 0, ConfigError, 'odoo.access_error'],
    ['odoo.http.SessionExpiredException', 100, SessionExpiredError, 'odoo.session_expired'],
    ['psycopg2.errors.SerializationFailure', 200, TransientError, 'odoo.db_conflict'],
    ['builtins.ValueError', 0, ConfigError, 'odoo.invalid_query'],
    ['builtins.ZeroDivisionError', 200, Object, 'odoo.server_error'],
  ])('maps a JSON-RPC error %s (code %s) through the error table', async (name, code, type, errorCode) => {
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 1, result: 7 });
    const session = await connectOdoo(context(source()));
    nock(BASE).post('/jsonrpc').reply(200, rpcError(name, code));
    const error = await failureOf(session.orm.searchCount('res.partner', [], signal));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(errorCode);
    expect(error.message).not.toContain('Traceback');
  });

  it('calls HTML 502 from a proxy transient and an HTML 200 (database selector) a config error', async () => {
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 1, result: 7 });
    const session = await connectOdoo(context(source()));
    nock(BASE)
      .post('/jsonrpc')
      .reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' });
    expect(await failureOf(session.orm.searchCount('res.partner', [], signal))).toBeInstanceOf(
      TransientError,
    );
    nock(BASE)
      .post('/jsonrpc')
      .reply(200, '<!DOCTYPE html><html>Select a database</html>', { 'content-type': 'text/html' });
    expect((await failureOf(session.orm.searchCount('res.partner', [], signal))).code).toBe(
      'odoo.not_jsonrpc',
    );
  });

  it('reads an order page, then its lines in one query by order_id', async () => {
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 1, result: 7 });
    const session = await connectOdoo(context(source()));
    const fields = (model: string, names: string[]) =>
      nock(BASE)
        .post('/jsonrpc', (body) => body.params.args[3] === model && body.params.args[4] === 'fields_get')
        .reply(200, {
          jsonrpc: '2.0',
          id: 0,
          result: Object.fromEntries(names.map((n) => [n, { type: 'x' }])),
        });
    fields('sale.order', ['id', 'name', 'write_date']);
    fields('sale.order.line', ['id', 'order_id', 'product_uom_id', 'tax_ids']);
    nock(BASE)
      .post('/jsonrpc', (body) => body.params.args[4] === 'search_count')
      .reply(200, { jsonrpc: '2.0', id: 0, result: 1 });
    nock(BASE)
      .post(
        '/jsonrpc',
        (body) => body.params.args[3] === 'sale.order' && body.params.args[4] === 'search_read',
      )
      .reply(200, {
        jsonrpc: '2.0',
        id: 0,
        result: [{ id: 88, name: 'S00088', write_date: '2024-05-02 08:16:12' }],
      });
    nock(BASE)
      .post('/jsonrpc', (body) => {
        const [, , , model, method, args, kwargs] = body.params.args;
        return (
          model === 'sale.order.line' &&
          method === 'search_read' &&
          JSON.stringify(args) === JSON.stringify([[['order_id', 'in', [88]]]]) &&
          JSON.stringify(kwargs) ===
            JSON.stringify({
              fields: ['id', 'order_id', 'product_uom_id'],
              order: 'order_id, sequence, id',
              context: { active_test: false },
            })
        );
      })
      .reply(200, { jsonrpc: '2.0', id: 0, result: [{ id: 301, order_id: [88, 'S00088'] }] });
    const page = await ordersStream.readPage(session, { since: null, token: null, pageSize: 5, signal });
    expect(page.records).toEqual([
      {
        order: { id: 88, name: 'S00088', write_date: '2024-05-02 08:16:12' },
        lines: [{ id: 301, order_id: [88, 'S00088'] }],
      },
    ]);
  });
});

describe('api: auto', () => {
  const version = (info: unknown[]) =>
    nock(BASE)
      .post('/jsonrpc', rpc(1, 'common', 'version', []))
      .reply(200, {
        jsonrpc: '2.0',
        id: 1,
        result: { server_version: String(info[0]), server_version_info: info, protocol_version: 1 },
      });

  it('uses /jsonrpc on Odoo 17', async () => {
    version([17, 0, 0, 'final', 0, '']);
    nock(BASE)
      .post('/jsonrpc', rpc(2, 'common', 'login', ['acme', 'sync@acme.example', KEY]))
      .reply(200, { jsonrpc: '2.0', id: 2, result: 7 });
    const session = await connectOdoo(context(source({ api: 'auto' })));
    expect({ api: session.orm.api, version: session.version }).toEqual({
      api: 'jsonrpc',
      version: { major: 17, minor: 0, text: '17' },
    });
  });

  it('uses JSON-2 on Odoo 19 with an API key, and on a server without /jsonrpc', async () => {
    version([19, 0, 0, 'final', 0, '']);
    nock(BASE).post('/json/2/res.users/context_get', {}).reply(200, { uid: 7 });
    expect((await connectOdoo(context(source({ api: 'auto' })))).orm.api).toBe('json2');
    nock(BASE).post('/jsonrpc').reply(404, '<html>Not Found</html>');
    nock(BASE).post('/json/2/res.users/context_get', {}).reply(200, { uid: 7 });
    expect((await connectOdoo(context(source({ api: 'auto' })))).orm.api).toBe('json2');
  });

  it('reads SaaS versions ("saas~18", 4)', async () => {
    version(['saas~18', 4, 0, 'final', 0, '']);
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 2, result: 7 });
    const session = await connectOdoo(context(source({ api: 'auto' })));
    expect(session.version).toEqual({ major: 18, minor: 4, text: 'saas~18' });
    expect(session.orm.api).toBe('jsonrpc');
  });
});
