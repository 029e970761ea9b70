import type { Page, PageRequest, Stream } from '@crm-bridge/sync';
import { readIdPage, readKeysetPage } from '../keyset-reader';
import { mapOrder, type OdooOrderRaw, ORDER_FIELDS, ORDER_LINE_FIELDS } from '../map-order';
import type { OdooDomain } from '../odoo-orm';
import { type OdooSession, presentFields } from '../odoo-session';
import { odooToIso } from '../odoo-time';
import { many2oneId, type OdooRecord } from '../odoo-values';

const ORDER = 'sale.order';
const LINE = 'sale.order.line';

function orderDomain(session: OdooSession): OdooDomain {
  return (session.source.streams.orders?.filter as OdooDomain | undefined) ?? [];
}

/** A page of sale.order rows, then their lines in one second query (`order_id in [...]`, 1.2). */
async function readOrderPage(session: OdooSession, request: PageRequest): Promise<Page<OdooOrderRaw>> {
  const [fields, lineFields] = await Promise.all([
    presentFields(session, ORDER, ORDER_FIELDS, request.signal),
    presentFields(session, LINE, ORDER_LINE_FIELDS, request.signal),
  ]);
  const page = await readKeysetPage({
    orm: session.orm,
    model: ORDER,
    domain: orderDomain(session),
    fields,
    request,
  });
  const ids = page.records.map((order) => order.id).filter((id): id is number => typeof id === 'number');
  const lines =
    ids.length === 0
      ? []
      : await session.orm.searchRead(
          LINE,
          { domain: [['order_id', 'in', ids]], fields: lineFields, order: 'order_id, sequence, id' },
          request.signal,
        );
  const byOrder = new Map<number, OdooRecord[]>();
  for (const line of lines) {
    const orderId = many2oneId(line.order_id);
    if (orderId === null) continue;
    const list = byOrder.get(orderId);
    if (list) list.push(line);
    else byOrder.set(orderId, [line]);
  }
  return {
    records: page.records.map((order) => ({ order, lines: byOrder.get(order.id as number) ?? [] })),
    next: page.next,
    total: page.total,
  };
}

/** sale.order (+ lines) → orders. Line-only edits that leave the order's write_date alone are not seen (1.4). */
export const ordersStream: Stream<OdooSession, OdooOrderRaw> = {
  name: 'orders',
  kind: 'order',
  incremental: 'modified',
  readPage: readOrderPage,
  identify: (raw) => ({
    externalId: typeof raw.order.id === 'number' ? String(raw.order.id) : null,
    modifiedAt: odooToIso(raw.order.write_date),
  }),
  map: (raw, context) => mapOrder(raw, context),
  listIds: (session, request) => readIdPage(session.orm, ORDER, orderDomain(session), request),
};
