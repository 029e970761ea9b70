/**
 * customers = Customer with its Addresses. Addresses are their own DocType (linked by Dynamic Link) with
 * their own `modified`, and an address-only edit does not touch the Customer row. So an incremental read
 * merges three time-ordered sources: Customer rows, Address rows (each an event for the customers it
 * links), and Deleted Document rows for Customer (tombstones). A full read (since = null) needs only the
 * Customer rows: every customer comes with its addresses anyway, and deletions are found by listIds.
 */
import type { MapContext, Stream } from '@crm-bridge/sync';
import { type FrappeFilter, getList, type Row } from '../frappe-query';
import { mapCustomer } from '../map-customer';
import { text } from '../map-values';
import { ADDRESS_FIELDS, CUSTOMER_FIELDS, type CustomerRaw, type DeletedRaw } from '../raw-records';
import type { ErpNextSession } from '../session';
import { siteTimeToUtc } from '../site-time';
import { type MergeSource, readMerged } from './keyset-merge';
import {
  deletedData,
  deletedSource,
  groupBy,
  identify,
  latestPerId,
  listNames,
  tombstone,
} from './stream-parts';

type Raw = CustomerRaw | DeletedRaw;

const LINKED_TO_CUSTOMER: FrappeFilter = ['Dynamic Link', 'link_doctype', '=', 'Customer'];

export const customersStream: Stream<ErpNextSession, Raw> = {
  name: 'customers',
  kind: 'customer',
  incremental: 'modified',

  async readPage(session, request) {
    const sources: MergeSource[] = [
      {
        id: 'customer',
        doctype: 'Customer',
        keyField: 'modified',
        fields: CUSTOMER_FIELDS,
        filters: session.filters.customers,
      },
    ];
    if (request.since !== null) {
      sources.push({
        id: 'address',
        doctype: 'Address',
        keyField: 'modified',
        fields: ['name', 'modified', '`tabDynamic Link`.`link_name`'],
        filters: [LINKED_TO_CUSTOMER],
      });
      sources.push(deletedSource('Customer'));
    }
    const { rows, next } = await readMerged(session, sources, request);

    const customers = new Map<string, Row>();
    for (const { source, row } of rows) if (source === 'customer') customers.set(String(row.name), row);
    const wanted = [
      ...new Set(rows.filter((r) => r.source === 'address').map((r) => text(r.row.link_name))),
    ].filter((name): name is string => name !== null && !customers.has(name));
    if (wanted.length > 0) {
      const fetched = await getList(
        session.http,
        {
          doctype: 'Customer',
          fields: CUSTOMER_FIELDS,
          filters: [['name', 'in', wanted], ...session.filters.customers],
          orderBy: 'name asc',
          limitStart: 0,
          limitPageLength: 0,
        },
        request.signal,
      );
      for (const row of fetched) customers.set(String(row.name), row);
    }
    const addresses = groupBy(await addressesOf(session, [...customers.keys()], request.signal), 'link_name');

    const records: Raw[] = [];
    for (const { source, row } of rows) {
      if (source === 'deleted') {
        records.push(tombstone(row, session.timeZone));
        continue;
      }
      const name = String(source === 'customer' ? row.name : row.link_name);
      const customer = customers.get(name);
      if (customer === undefined) continue; // an address of a customer outside the filter, or gone meanwhile
      const modifiedAt = siteTimeToUtc(row.modified, session.timeZone);
      records.push({ type: 'customer', customer, addresses: addresses.get(name) ?? [], modifiedAt });
    }
    return { records: latestPerId(records), next };
  },

  identify,

  map(raw: Raw, context: MapContext) {
    if (raw.type === 'customer') return mapCustomer(raw, context);
    const modifiedAt = raw.modifiedAt ?? siteTimeToUtc(raw.deleted.creation, context.timeZone) ?? '';
    const data = deletedData(raw);
    try {
      if (data !== null) return mapCustomer({ customer: data, addresses: [] }, context, { modifiedAt });
    } catch {
      // The last version was unmappable (it may have been quarantined): the deletion still counts.
    }
    const name = text(raw.deleted.deleted_name) ?? '';
    return mapCustomer({ customer: { name, customer_name: name }, addresses: [] }, context, { modifiedAt });
  },

  listIds(session, request) {
    return listNames(session, 'Customer', session.filters.customers, request);
  },
};

/** Every address linked to these customers, one row per (address, customer) link, in one query. */
async function addressesOf(
  session: ErpNextSession,
  customers: string[],
  signal: AbortSignal,
): Promise<Row[]> {
  if (customers.length === 0) return [];
  return getList(
    session.http,
    {
      doctype: 'Address',
      fields: ADDRESS_FIELDS,
      filters: [LINKED_TO_CUSTOMER, ['Dynamic Link', 'link_name', 'in', customers]],
      orderBy: '`tabAddress`.`name` asc',
      limitStart: 0,
      limitPageLength: 0,
    },
    signal,
  );
}
