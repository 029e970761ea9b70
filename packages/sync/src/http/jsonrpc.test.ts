import { CrmError, SessionExpiredError } from '@crm-bridge/core';
import { useNock } from '@test/support/nock';
import nock from 'nock';
import type { ErrorTable } from '../kit/connector';
import { type ClosableHttpClient, createHttpClient } from './create-http-client';
import { jsonRpcCall, jsonRpcError } from './jsonrpc';

const BASE = 'https://acme.odoo.example';
const API_KEY = 'odoo-api-key-0123456789';

const odooErrors: ErrorTable = [
  {
    match: (failure) => jsonRpcError(failure)?.code === 100,
    raise: (failure) => new SessionExpiredError(`Odoo: ${jsonRpcError(failure)?.message}`),
  },
];

let http: ClosableHttpClient;

beforeEach(() => {
  http = createHttpClient({
    baseUrl: BASE,
    timeoutMs: 2_000,
    requestsPerSecond: 100,
    concurrency: 2,
    errors: odooErrors,
  });
});
useNock(() => http.close());

const loginParams = { service: 'common', method: 'login', args: ['acme', 'admin', API_KEY] };

describe('jsonRpcCall', () => {
  it('posts a JSON-RPC 2.0 envelope and returns its result', async () => {
    nock(BASE, { reqheaders: { 'content-type': 'application/json' } })
      .post(
        '/jsonrpc',
        (body) =>
          JSON.stringify(body) ===
          `{"jsonrpc":"2.0","method":"call","params":${JSON.stringify(loginParams)},"id":1}`,
      )
      .reply(200, { jsonrpc: '2.0', id: 1, result: 7 });
    await expect(jsonRpcCall(http, { url: '/jsonrpc', params: loginParams, id: 1 })).resolves.toBe(7);
  });

  it('returns a false result as it is (Odoo answers bad logins that way)', async () => {
    nock(BASE).post('/jsonrpc').reply(200, { jsonrpc: '2.0', id: 2, result: false });
    await expect(jsonRpcCall(http, { url: '/jsonrpc', params: loginParams, id: 2 })).resolves.toBe(false);
  });

  it("maps an error envelope through the connector's table", async () => {
    const envelope = {
      jsonrpc: '2.0',
      id: 3,
      error: {
        code: 100,
        message: 'Odoo Session Expired',
        data: { name: 'odoo.http.SessionExpiredException' },
      },
    };
    nock(BASE).post('/jsonrpc').reply(200, envelope);
    const error = await jsonRpcCall(http, { url: '/jsonrpc', params: {}, id: 3 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as Error).message).toBe('Odoo: Odoo Session Expired');
  });

  it('hands the whole envelope to the table as the body of a status-200 failure', async () => {
    const envelope = {
      jsonrpc: '2.0',
      id: 4,
      error: { code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.AccessDenied' } },
    };
    nock(BASE).post('/jsonrpc').reply(200, envelope);
    const seen: unknown[] = [];
    const spy = createHttpClient({
      baseUrl: BASE,
      timeoutMs: 2_000,
      requestsPerSecond: 100,
      concurrency: 1,
      errors: [
        {
          match: (failure) => {
            seen.push(failure);
            return false;
          },
          raise: () => new CrmError('x', 'x', 'none'),
        },
      ],
    });
    await expect(jsonRpcCall(spy, { url: '/jsonrpc', params: {}, id: 4 })).rejects.toMatchObject({
      code: 'sync.bad_response',
    });
    spy.close();
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/jsonrpc',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: envelope,
      },
    ]);
  });

  it('keeps the secrets of the call out of the message of an unmapped error', async () => {
    nock(BASE)
      .post('/jsonrpc')
      .reply(200, { jsonrpc: '2.0', id: 5, error: { code: 200, message: `bad key ${API_KEY}` } });
    const error = (await jsonRpcCall(http, {
      url: '/jsonrpc',
      params: loginParams,
      id: 5,
      secrets: [API_KEY],
    }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('bad key ***');
    expect(error.message).not.toContain(API_KEY);
  });

  it('treats a 200 that is no JSON-RPC answer as a failure', async () => {
    nock(BASE).post('/jsonrpc').reply(200, '<html><title>Login</title></html>');
    await expect(jsonRpcCall(http, { url: '/jsonrpc', params: {}, id: 6 })).rejects.toMatchObject({
      code: 'sync.bad_response',
      message: 'POST /jsonrpc answered 200: Login — an answer the connector cannot use',
    });
  });
});

describe('jsonRpcError', () => {
  it('reads code, message and data, and nothing from other bodies', () => {
    const failure = { method: 'POST', url: '/jsonrpc', status: 200, headers: {} };
    expect(
      jsonRpcError({ ...failure, body: { error: { code: 1, message: 'm', data: { name: 'n' } } } }),
    ).toEqual({
      code: 1,
      message: 'm',
      data: { name: 'n' },
    });
    expect(jsonRpcError({ ...failure, body: '<html>' })).toBeUndefined();
    expect(jsonRpcError({ ...failure, body: { result: 1 } })).toBeUndefined();
  });
});
