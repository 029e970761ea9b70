import { ConfigError, createLogger, ErpNextSource } from '@crm-bridge/core';
import { type ClosableHttpClient, createHttpClient } from '@crm-bridge/sync';
import { useNock } from '@test/support/nock';
import nock from 'nock';
import { erpNextConnector } from './erpnext-connector';
import { erpNextErrors } from './errors';

const BASE = 'https://erp.example';
const log = createLogger({ level: 'silent' });
const signal = new AbortController().signal;
let http: ClosableHttpClient;

beforeEach(() => {
  http = createHttpClient({
    baseUrl: BASE,
    timeoutMs: 2_000,
    requestsPerSecond: 1000,
    concurrency: 4,
    errors: erpNextErrors,
  });
});
useNock(() => http.close());

describe('connect', () => {
  const source = ErpNextSource.parse({
    kind: 'erpnext',
    id: 'erp',
    url: BASE,
    timezone: 'Europe/Moscow',
    credentials: { apiKey: 'key123', apiSecret: 'secret456' },
  });

  it('sends `Authorization: token key:secret` and checks it with get_logged_user', async () => {
    nock(BASE, { reqheaders: { authorization: 'token key123:secret456', accept: 'application/json' } })
      .get('/api/method/frappe.auth.get_logged_user')
      .reply(200, { message: 'api@erp.example' });
    const connected = await erpNextConnector.connect({ source, http, log, signal });
    expect(connected.timeZone).toBe('Europe/Moscow');
  });

  it('refuses a wrong key with a ConfigError that does not quote the secret', async () => {
    nock(BASE)
      .get('/api/method/frappe.auth.get_logged_user')
      .reply(401, { exc_type: 'AuthenticationError', exception: 'frappe.exceptions.AuthenticationError' });
    const error = await erpNextConnector.connect({ source, http, log, signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('secret456');
  });
});
