/**
 * orders = Sales Order headers keyset-read by `modified` (saving or submitting an order saves its items
 * and bumps the header), then the page's items in one child-table query (`parent=Sales Order`,
 * `parent in [...]`) instead of one GET per order. Incremental reads also merge Deleted Document rows.
 */

import { InvalidRecordError } from '@crm-bridge/core';
import type { MapContext, Stream } from '@crm-bridge/sync';
import { getList, type Row } from '../frappe-query';
import { mapOrder } from '../map-order';
import { type DeletedRaw, type OrderRaw, SALES_ORDER_FIELDS, SALES_ORDER_ITEM_FIELDS } from '../raw-records';
import type { ErpNextSession } from '../session';
import { siteTimeToUtc } from '../site-time';
import { readMerged } from './keyset-merge';
import {
  deletedData,
  deletedSource,
  groupBy,
  identify,
  latestPerId,
  listNames,
  tombstone,
} from './stream-parts';

type Raw = OrderRaw | DeletedRaw;

export const ordersStream: Stream<ErpNextSession, Raw> = {
  name: 'orders',
  kind: 'order',
  incremental: 'modified',

  async readPage(session, request) {
    const { rows, next } = await readMerged(
      session,
      [
        {
          id: 'order',
          doctype: 'Sales Order',
          keyField: 'modified',
          fields: SALES_ORDER_FIELDS,
          filters: session.filters.orders,
        },
        ...(request.since === null ? [] : [deletedSource('Sales Order')]),
      ],
      request,
    );
    const names = [...new Set(rows.filter((r) => r.source === 'order').map((r) => String(r.row.name)))];
    const items =
      names.length === 0
        ? []
        : await getList(
            session.http,
            {
              doctype: 'Sales Order Item',
              parent: 'Sales Order',
              fields: SALES_ORDER_ITEM_FIELDS,
              filters: [
                ['parenttype', '=', 'Sales Order'],
                ['parent', 'in', names],
              ],
              orderBy: 'idx asc',
              limitStart: 0,
              limitPageLength: 0,
            },
            request.signal,
          );
    const itemsOf = groupBy(items, 'parent');
    const records = rows.map(({ source, row }): Raw => {
      if (source === 'deleted') return tombstone(row, session.timeZone);
      return {
        type: 'order',
        order: row,
        items: itemsOf.get(String(row.name)) ?? [],
        modifiedAt: siteTimeToUtc(row.modified, session.timeZone),
      };
    });
    return { records: latestPerId(records), next };
  },

  identify,

  map(raw: Raw, context: MapContext) {
    if (raw.type === 'order') return mapOrder(raw, context);
    const modifiedAt = raw.modifiedAt ?? siteTimeToUtc(raw.deleted.creation, context.timeZone);
    const data = deletedData(raw);
    // An order needs its customer, currency and date even as a tombstone; without `data` the deletion
    // is left to key reconciliation, which marks the stored order deleted.
    if (data === null || modifiedAt === null) {
      throw new InvalidRecordError(
        `Deleted Sales Order ${String(raw.deleted.deleted_name)} has no readable data`,
      );
    }
    const items = Array.isArray(data.items) ? (data.items as Row[]) : [];
    return mapOrder({ order: data, items }, context, { modifiedAt });
  },

  listIds(session, request) {
    return listNames(session, 'Sales Order', session.filters.orders, request);
  },
};
