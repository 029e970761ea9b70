import { createLogger, RateLimitedError } from '@crm-bridge/core';
import { type ClosableHttpClient, createHttpClient, type PageToken } from '@crm-bridge/sync';
import { useNock } from '@test/support/nock';
import nock from 'nock';
import { erpNextErrors } from '../errors';
import {
  ADDRESS_FIELDS,
  CONTACT_FIELDS,
  CUSTOMER_FIELDS,
  DELETED_DOCUMENT_FIELDS,
  SALES_ORDER_FIELDS,
} from '../raw-records';
import type { ErpNextSession } from '../session';
import { contactsStream } from './contacts-stream';
import { customersStream } from './customers-stream';
import { ordersStream } from './orders-stream';

const BASE = 'https://erp.example';
const log = createLogger({ level: 'silent' });
const signal = new AbortController().signal;
const order = (table: string, field = 'modified') =>
  `\`tab${table}\`.\`${field}\` asc, \`tab${table}\`.\`name\` asc`;
const linked = ['Dynamic Link', 'link_doctype', '=', 'Customer'];

let http: ClosableHttpClient;
let session: ErpNextSession;

beforeEach(() => {
  http = createHttpClient({
    baseUrl: BASE,
    timeoutMs: 2_000,
    requestsPerSecond: 1000,
    concurrency: 4,
    errors: erpNextErrors,
  });
  session = {
    http,
    timeZone: 'Europe/Moscow',
    filters: { customers: [], contacts: [], orders: [] },
    log,
    readDeletedDocuments: true,
  };
});
useNock(() => http.close());

const list = (doctype: string, query: Record<string, string>) =>
  nock(BASE)
    .get(`/api/resource/${encodeURIComponent(doctype)}`)
    .query(query);
// Matched exactly (deep equal), so the test also pins what is not sent.
const getList = (body: object) =>
  nock(BASE).post('/api/method/frappe.client.get_list', body as nock.DataMatcherMap);

const customer = (name: string, modified: string) => ({
  name,
  customer_name: `Name ${name}`,
  customer_type: 'Company',
  modified,
});

describe('customers stream', () => {
  it('reads a full page with every list parameter explicit, then the page’s addresses in one child-filtered query', async () => {
    list('Customer', {
      fields: JSON.stringify(CUSTOMER_FIELDS),
      filters: '[]',
      order_by: order('Customer'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, { data: [customer('C1', '2024-05-01 10:00:00'), customer('C2', '2024-05-01 10:00:00.5')] });
    getList({
      doctype: 'Address',
      fields: ADDRESS_FIELDS,
      filters: [linked, ['Dynamic Link', 'link_name', 'in', ['C1', 'C2']]],
      order_by: '`tabAddress`.`name` asc',
      limit_start: 0,
      limit_page_length: 0,
    }).reply(200, { message: [{ name: 'C1-Billing', link_name: 'C1', modified: '2024-04-01 00:00:00' }] });

    const page = await customersStream.readPage(session, { since: null, token: null, pageSize: 2, signal });

    expect(
      page.records.map((r) => (r.type === 'customer' ? [r.customer.name, r.addresses.length] : r.type)),
    ).toEqual([
      ['C1', 1],
      ['C2', 0],
    ]);
    expect(page.records.map((r) => customersStream.identify(r))).toEqual([
      { externalId: 'C1', modifiedAt: '2024-05-01T07:00:00.000000Z' },
      { externalId: 'C2', modifiedAt: '2024-05-01T07:00:00.500000Z' },
    ]);
    expect(page.next).toEqual({
      customer: { t: '2024-05-01 10:00:00.500000', n: 'C2', skip: 0, done: false },
    });
  });

  it('continues after (modified, name) exactly: >= on the time AND (later time OR later name)', async () => {
    const t = '2024-05-01 10:00:00.500000';
    list('Customer', {
      fields: JSON.stringify(CUSTOMER_FIELDS),
      filters: JSON.stringify([['modified', '>=', t]]),
      or_filters: JSON.stringify([
        ['modified', '>', t],
        ['name', '>', 'C2'],
      ]),
      order_by: order('Customer'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, { data: [customer('C3', t)] });
    getList({
      doctype: 'Address',
      fields: ADDRESS_FIELDS,
      filters: [linked, ['Dynamic Link', 'link_name', 'in', ['C3']]],
      order_by: '`tabAddress`.`name` asc',
      limit_start: 0,
      limit_page_length: 0,
    }).reply(200, { message: [] });

    const token: PageToken = { customer: { t, n: 'C2', skip: 0, done: false } };
    const page = await customersStream.readPage(session, { since: null, token, pageSize: 2, signal });
    expect(page.records).toHaveLength(1);
    expect(page.next).toBeNull();
  });

  it('merges Customer rows, address-only edits and Deleted Documents in time order up to the earliest full page', async () => {
    const since = '2024-05-01 10:00:00.000000';
    const atOrAfter = JSON.stringify([['modified', '>=', since]]);
    list('Customer', {
      fields: JSON.stringify(CUSTOMER_FIELDS),
      filters: atOrAfter,
      order_by: order('Customer'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, { data: [customer('C1', '2024-05-01 10:00:05'), customer('C2', '2024-05-01 10:00:09')] });
    list('Address', {
      fields: JSON.stringify(['name', 'modified', '`tabDynamic Link`.`link_name`']),
      filters: JSON.stringify([linked, ['modified', '>=', since]]),
      order_by: order('Address'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, {
      data: [
        { name: 'C9-Billing', modified: '2024-05-01 10:00:01', link_name: 'C9' },
        { name: 'C1-Billing', modified: '2024-05-01 10:00:20', link_name: 'C1' },
      ],
    });
    list('Deleted Document', {
      fields: JSON.stringify(DELETED_DOCUMENT_FIELDS),
      filters: JSON.stringify([
        ['deleted_doctype', '=', 'Customer'],
        ['creation', '>=', since],
      ]),
      order_by: order('Deleted Document', 'creation'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, {
      data: [
        {
          name: 'd1',
          deleted_doctype: 'Customer',
          deleted_name: 'C7',
          creation: '2024-05-01 10:00:03',
          data: JSON.stringify(customer('C7', '2024-04-01 00:00:00')),
        },
      ],
    });
    getList({
      doctype: 'Customer',
      fields: CUSTOMER_FIELDS,
      filters: [['name', 'in', ['C9']]],
      order_by: 'name asc',
      limit_start: 0,
      limit_page_length: 0,
    }).reply(200, { message: [customer('C9', '2024-03-01 00:00:00')] });
    getList({
      doctype: 'Address',
      fields: ADDRESS_FIELDS,
      filters: [linked, ['Dynamic Link', 'link_name', 'in', ['C1', 'C2', 'C9']]],
      order_by: '`tabAddress`.`name` asc',
      limit_start: 0,
      limit_page_length: 0,
    }).reply(200, { message: [] });

    const page = await customersStream.readPage(session, {
      since: '2024-05-01T07:00:00Z',
      token: null,
      pageSize: 2,
      signal,
    });

    // C9 changed only through its address, at 10:00:01; C1's own later address edit (10:00:20) waits for a later page.
    expect(page.records.map((r) => customersStream.identify(r))).toEqual([
      { externalId: 'C9', modifiedAt: '2024-05-01T07:00:01.000000Z' },
      { externalId: 'C7', modifiedAt: '2024-05-01T07:00:03.000000Z' },
      { externalId: 'C1', modifiedAt: '2024-05-01T07:00:05.000000Z' },
      { externalId: 'C2', modifiedAt: '2024-05-01T07:00:09.000000Z' },
    ]);
    const context = { sourceId: 'erpnext', timeZone: 'Europe/Moscow' };
    expect(customersStream.map(page.records[1]!, context)).toMatchObject({
      externalId: 'C7',
      displayName: 'Name C7',
      status: 'deleted',
      sourceModifiedAt: '2024-05-01T07:00:03.000000Z',
    });
    expect(page.next).toEqual({
      customer: { t: '2024-05-01 10:00:09.000000', n: 'C2', skip: 0, done: false },
      address: { t: '2024-05-01 10:00:01.000000', n: 'C9-Billing', skip: 0, done: false },
      deleted: { t: '2024-05-01 10:00:03.000000', n: 'd1', skip: 0, done: true },
    });
  });

  it('moves past a row whose modified is garbage by offset, keeping the last good key', async () => {
    list('Customer', {
      fields: JSON.stringify(CUSTOMER_FIELDS),
      filters: '[]',
      order_by: order('Customer'),
      limit_start: '0',
      limit_page_length: '2',
    }).reply(200, { data: [customer('C1', '2024-05-01 10:00:05'), customer('C2', '0000-00-00 00:00:00')] });
    getList({
      doctype: 'Address',
      fields: ADDRESS_FIELDS,
      filters: [linked, ['Dynamic Link', 'link_name', 'in', ['C1', 'C2']]],
      order_by: '`tabAddress`.`name` asc',
      limit_start: 0,
      limit_page_length: 0,
    }).reply(200, { message: [] });

    const page = await customersStream.readPage(session, { since: null, token: null, pageSize: 2, signal });
    expect(customersStream.identify(page.records[1]!)).toEqual({ externalId: 'C2', modifiedAt: null });
    expect(page.next).toEqual({
      customer: { t: '2024-05-01 10:00:05.000000', n: 'C1', skip: 1, done: false },
    });
  });
});

describe('contacts stream', () => {
  it('reads child tables with parent=Contact and carries on without Deleted Document when it is forbidden', async () => {
    const since = '2024-05-01 10:00:00.000000';
    list('Contact', {
      fields: JSON.stringify(CONTACT_FIELDS),
      filters: JSON.stringify([linked, ['modified', '>=', since]]),
      order_by: order('Contact'),
      limit_start: '0',
      limit_page_length: '5',
    }).reply(200, { data: [{ name: 'Ivan-C1', first_name: 'Ivan', modified: '2024-05-01 11:00:00' }] });
    list('Deleted Document', {
      fields: JSON.stringify(DELETED_DOCUMENT_FIELDS),
      filters: JSON.stringify([
        ['deleted_doctype', '=', 'Contact'],
        ['creation', '>=', since],
      ]),
      order_by: order('Deleted Document', 'creation'),
      limit_start: '0',
      limit_page_length: '5',
    }).reply(403, { exc_type: 'PermissionError', _server_messages: '[]' });
    const child = (doctype: string, fields: string[], extra: unknown[] = []) =>
      getList({
        doctype,
        parent: 'Contact',
        fields,
        filters: [['parenttype', '=', 'Contact'], ['parent', 'in', ['Ivan-C1']], ...extra],
        order_by: 'idx asc',
        limit_start: 0,
        limit_page_length: 0,
      });
    child(
      'Dynamic Link',
      ['name', 'parent', 'idx', 'link_doctype', 'link_name'],
      [['link_doctype', '=', 'Customer']],
    ).reply(200, {
      message: [{ parent: 'Ivan-C1', idx: 1, link_doctype: 'Customer', link_name: 'C1' }],
    });
    child('Contact Email', ['name', 'parent', 'idx', 'email_id', 'is_primary']).reply(200, {
      message: [{ parent: 'Ivan-C1', idx: 1, email_id: 'ivan@c1.example', is_primary: 1 }],
    });
    child('Contact Phone', [
      'name',
      'parent',
      'idx',
      'phone',
      'is_primary_phone',
      'is_primary_mobile_no',
    ]).reply(200, {
      message: [],
    });

    const page = await contactsStream.readPage(session, {
      since: '2024-05-01T07:00:00Z',
      token: null,
      pageSize: 5,
      signal,
    });
    expect(page.next).toBeNull();
    expect(session.readDeletedDocuments).toBe(false);
    expect(
      contactsStream.map(page.records[0]!, { sourceId: 'erpnext', timeZone: 'Europe/Moscow' }),
    ).toMatchObject({
      externalId: 'Ivan-C1',
      organizationExternalId: 'C1',
      emails: ['ivan@c1.example'],
    });
  });
});

describe('listIds', () => {
  it('lists names by the same (modified, name) keyset, deduplicating the join’s repeated rows', async () => {
    list('Contact', {
      fields: JSON.stringify(['name', 'modified']),
      filters: JSON.stringify([linked]),
      order_by: order('Contact'),
      limit_start: '0',
      limit_page_length: '3',
    }).reply(200, {
      data: [
        { name: 'A-C1', modified: '2024-01-01 00:00:00' },
        { name: 'B-C1', modified: '2024-01-02 00:00:00' },
        { name: 'B-C1', modified: '2024-01-02 00:00:00' },
      ],
    });
    const page = await contactsStream.listIds!(session, { since: null, token: null, pageSize: 3, signal });
    expect(page.records).toEqual(['A-C1', 'B-C1']);
    expect(page.next).toEqual({ ids: { t: '2024-01-02 00:00:00.000000', n: 'B-C1', skip: 0, done: false } });
  });
});

describe('orders stream', () => {
  it('throws RateLimitedError for the site limiter’s 429 and does not retry by itself', async () => {
    list('Sales Order', {
      fields: JSON.stringify(SALES_ORDER_FIELDS),
      filters: '[]',
      order_by: order('Sales Order'),
      limit_start: '0',
      limit_page_length: '3',
    }).reply(429, 'Too Many Requests', {
      'Retry-After': '2',
      'X-RateLimit-Limit': '1000000',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '2',
    });

    const read = ordersStream.readPage(session, { since: null, token: null, pageSize: 3, signal });
    await expect(read).rejects.toBeInstanceOf(RateLimitedError);
    await expect(read).rejects.toMatchObject({ retryAfterMs: 2000 });
  });
});
