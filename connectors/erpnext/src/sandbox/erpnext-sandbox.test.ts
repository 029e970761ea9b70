import { type ErpNextSandboxHandle, startErpNextSite } from './erpnext-sandbox';

let site: ErpNextSandboxHandle;
let token: string;

beforeAll(async () => {
  site = await startErpNextSite({ seed: 3, size: 80 });
  token = `token ${site.auth.apiKey}:${site.auth.apiSecret}`;
});
afterAll(() => site.close());
afterEach(() => site.setFaults({}));

type Answer = { status: number; headers: Headers; text: string; json: () => Record<string, unknown> };

async function call(
  path: string,
  init: RequestInit & { params?: Record<string, unknown> } = {},
): Promise<Answer> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(init.params ?? {})) {
    query.set(
      key,
      typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value),
    );
  }
  const url = `${site.url}${path}${query.size > 0 ? `?${query}` : ''}`;
  const response = await fetch(url, {
    ...init,
    headers: { Authorization: token, ...(init.headers as object) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}
const rows = (answer: Answer) => answer.json().data as Record<string, unknown>[];
const ordered = { order_by: 'modified asc, name asc' };

describe('ERPNext sandbox: envelopes and paging', () => {
  it('answers a bare list with {"data": [...]} of 20 names, as Frappe’s defaults do', async () => {
    const answer = await call('/api/resource/Customer');
    expect(answer.status).toBe(200);
    expect(rows(answer)).toHaveLength(20);
    expect(Object.keys(rows(answer)[0]!)).toEqual(['name']);
  });

  it('returns every row for limit_page_length=0 and honours the `limit` alias', async () => {
    const all = rows(await call('/api/resource/Customer', { params: { limit_page_length: 0 } }));
    expect(all).toHaveLength(site.expected().customers);
    expect(rows(await call('/api/resource/Customer', { params: { limit: 3 } }))).toHaveLength(3);
  });

  it('orders by (modified, name), ties by name, and the or_filters keyset continues exactly where offsets do', async () => {
    const fields = ['name', 'modified'];
    const all = rows(
      await call('/api/resource/Contact', { params: { fields, ...ordered, limit_page_length: 0 } }),
    );
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.modified! < b.modified! || (a.modified === b.modified && a.name! < b.name!)).toBe(true);
    }
    const tie = all.findIndex((row, i) => i > 0 && row.modified === all[i - 1]!.modified);
    expect(tie).toBeGreaterThan(0);
    const last = all[tie - 1]!;
    const after = rows(
      await call('/api/resource/Contact', {
        params: {
          fields,
          ...ordered,
          filters: [['modified', '>=', last.modified]],
          or_filters: [
            ['modified', '>', last.modified],
            ['name', '>', last.name],
          ],
          limit_page_length: 5,
        },
      }),
    );
    expect(after).toEqual(all.slice(tie, tie + 5));
  });

  it('writes modified in the site zone, dropping the fraction when it is zero', async () => {
    site.change({ edits: 4, archives: 0, deletions: 0, additions: 0, streams: ['orders'] });
    const all = rows(
      await call('/api/resource/Sales Order', {
        params: { fields: ['modified'], ...ordered, limit_page_length: 0 },
      }),
    );
    const stamps = all.map((row) => String(row.modified));
    expect(stamps.some((text) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text))).toBe(true);
    expect(stamps.some((text) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/.test(text))).toBe(true);
    // The sandbox clock starts at 2026-06-01T00:00Z, i.e. 03:00 in Moscow.
    expect(stamps[stamps.length - 1]!.startsWith('2026-06-01 03:00:0')).toBe(true);
  });

  it('answers method calls with {"message": ...}: get_list by POST body, get_count', async () => {
    const listed = await call('/api/method/frappe.client.get_list', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        doctype: 'Customer',
        fields: ['name', 'disabled'],
        filters: { disabled: 1 },
        limit_page_length: 0,
      }),
    });
    const archived = listed.json().message as Record<string, unknown>[];
    expect(archived.every((row) => row.disabled === 1)).toBe(true);
    const count = await call('/api/method/frappe.client.get_count', { params: { doctype: 'Customer' } });
    expect(count.json()).toEqual({ message: site.expected().customers });
  });
});

describe('ERPNext sandbox: query language', () => {
  it('joins Dynamic Link for 4-tuple filters and `tabDynamic Link` fields', async () => {
    const [customer] = rows(
      await call('/api/resource/Customer', { params: { limit_page_length: 1, ...ordered } }),
    );
    const addresses = rows(
      await call('/api/resource/Address', {
        params: {
          fields: ['name', '`tabDynamic Link`.`link_name`'],
          filters: [
            ['Dynamic Link', 'link_doctype', '=', 'Customer'],
            ['Dynamic Link', 'link_name', '=', customer!.name],
          ],
        },
      }),
    );
    expect(addresses).toEqual([{ name: `${customer!.name}-Billing`, link_name: customer!.name }]);
  });

  it('refuses a child table listed without parent= (403) and serves it with parent=', async () => {
    const refused = await call('/api/resource/Sales Order Item', { params: { fields: ['parent'] } });
    expect(refused.status).toBe(403);
    expect(refused.json().exc_type).toBe('PermissionError');
    const [order] = rows(await call('/api/resource/Sales Order', { params: { limit_page_length: 1 } }));
    const items = rows(
      await call('/api/resource/Sales Order Item', {
        params: {
          parent: 'Sales Order',
          fields: ['parent', 'idx', 'item_code', 'qty', 'rate', 'amount'],
          filters: [['parent', '=', order!.name]],
          order_by: 'idx asc',
        },
      }),
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((item) => item.idx)).toEqual(items.map((_, i) => i + 1));
  });

  it('serves one document with its child tables, and 404 with Frappe’s double-encoded message when missing', async () => {
    const [contact] = rows(await call('/api/resource/Contact', { params: { limit_page_length: 1 } }));
    const doc = (await call(`/api/resource/Contact/${encodeURIComponent(String(contact!.name))}`)).json()
      .data as Record<string, unknown>;
    expect(doc).toMatchObject({ doctype: 'Contact', name: contact!.name });
    expect(doc.email_ids).toEqual([
      expect.objectContaining({ parenttype: 'Contact', parentfield: 'email_ids', is_primary: 1 }),
    ]);
    const missing = await call('/api/resource/Customer/CUST-1999-99999');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({
      exc_type: 'DoesNotExistError',
      exception: 'frappe.exceptions.DoesNotExistError: Customer CUST-1999-99999 not found',
      _server_messages:
        '["{\\"message\\": \\"Customer CUST-1999-99999 not found\\", \\"title\\": \\"Message\\", \\"indicator\\": \\"red\\", \\"raise_exception\\": 1}"]',
    });
  });

  it('refuses an unknown field with 417 DataError', async () => {
    const answer = await call('/api/resource/Customer', { params: { fields: ['name', 'shoe_size'] } });
    expect(answer.status).toBe(417);
    expect(answer.json()).toMatchObject({ exc_type: 'DataError' });
    expect(answer.json()._server_messages).toContain('Field not permitted in query: shoe_size');
  });
});

describe('ERPNext sandbox: auth', () => {
  it('refuses a wrong secret with 401 AuthenticationError and an anonymous call with 403', async () => {
    const wrong = await call('/api/resource/Customer', {
      headers: { Authorization: `token ${site.auth.apiKey}:nope` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json().exc_type).toBe('AuthenticationError');
    const anonymous = await fetch(`${site.url}/api/resource/Customer`);
    expect(anonymous.status).toBe(403);
  });

  it('accepts Basic key:secret, and password sessions that expire to Guest under the fault plan', async () => {
    const basic = `Basic ${Buffer.from(`${site.auth.apiKey}:${site.auth.apiSecret}`).toString('base64')}`;
    expect(
      (await call('/api/method/frappe.auth.get_logged_user', { headers: { Authorization: basic } })).json(),
    ).toEqual({
      message: site.auth.user,
    });
    const login = await fetch(`${site.url}/api/method/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ usr: site.auth.user, pwd: site.auth.password }),
    });
    expect(await login.json()).toMatchObject({ message: 'Logged In' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${site.url}/api/resource/Customer`, { headers: { cookie } })).status).toBe(200);
    site.setFaults({ sessionExpiryEveryRequests: 1 });
    expect((await fetch(`${site.url}/api/resource/Customer`, { headers: { cookie } })).status).toBe(403);
    // Token auth has no session to lose.
    expect((await call('/api/resource/Customer')).status).toBe(200);
  });
});

describe('ERPNext sandbox: faults and changes', () => {
  it('sends the limiter headers on every answer, and a text 429 with Retry-After when limiting', async () => {
    const ok = await call('/api/resource/Customer');
    expect(ok.headers.get('x-ratelimit-limit')).toBe('3600000000');
    expect(Number(ok.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    site.setFaults({ rateLimitRate: 1 });
    const limited = await call('/api/resource/Customer');
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('Too Many Requests');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  });

  it('answers 5xx with a proxy’s HTML page', async () => {
    site.setFaults({ serverErrorRate: 1 });
    const failed = await call('/api/resource/Customer');
    expect([502, 503, 504]).toContain(failed.status);
    expect(failed.text).toContain('<center>nginx</center>');
  });

  it('serves malformed records (customer_name null or a garbage modified) exactly for malformedIds', async () => {
    site.setFaults({ malformedRate: 0.3 });
    const all = rows(
      await call('/api/resource/Customer', {
        params: { fields: ['name', 'customer_name', 'modified'], limit_page_length: 0 },
      }),
    );
    const broken = all.filter((row) => row.customer_name === null || row.modified === '0000-00-00 00:00:00');
    expect(broken.map((row) => row.name).sort()).toEqual(site.malformedIds('customers').sort());
    expect(broken.length).toBeGreaterThan(0);
  });

  it('records deletions in Deleted Document with the document as it was, cascading a customer’s contacts and orders', async () => {
    const before = site.expected();
    site.change({ edits: 0, archives: 0, deletions: 1, additions: 0, streams: ['customers'] });
    const deleted = rows(
      await call('/api/resource/Deleted Document', {
        params: {
          fields: ['deleted_doctype', 'deleted_name', 'data', 'creation'],
          filters: [['deleted_doctype', '=', 'Customer']],
        },
      }),
    );
    expect(deleted).toHaveLength(1);
    const data = JSON.parse(String(deleted[0]!.data)) as Record<string, unknown>;
    expect(data).toMatchObject({ doctype: 'Customer', name: deleted[0]!.deleted_name });
    expect(site.expected().customers).toBe(before.customers - 1);
    const gone = await call(`/api/resource/Customer/${deleted[0]!.deleted_name}`);
    expect(gone.status).toBe(404);
    const contacts = rows(
      await call('/api/resource/Deleted Document', {
        params: { filters: { deleted_doctype: 'Contact' }, fields: ['deleted_name'] },
      }),
    );
    expect(contacts.every((row) => String(row.deleted_name).endsWith(String(deleted[0]!.deleted_name)))).toBe(
      true,
    );
  });

  it('archives customers as disabled=1 and adds new companies', async () => {
    const before = site.expected();
    site.change({ edits: 0, archives: 2, deletions: 0, additions: 2, streams: ['customers'] });
    expect(site.expected().customers).toBe(before.customers + 2);
    const recent = rows(
      await call('/api/resource/Customer', {
        params: { fields: ['name', 'disabled', 'modified'], order_by: 'modified desc', limit_page_length: 4 },
      }),
    );
    expect(recent.filter((row) => row.disabled === 1)).toHaveLength(2);
  });
});
