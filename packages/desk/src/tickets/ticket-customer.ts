import { ConflictError, NotFoundError } from '@crm-bridge/core';
import { findProfileRef, profileRef } from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';

/** An ERP order named by its store id, or by its source and order number. */
export const OrderRef = z.union([
  z.strictObject({ id: z.int().positive() }),
  z.strictObject({ source: z.string().trim().min(1).max(64), number: z.string().trim().min(1).max(255) }),
]);
export type OrderRef = z.infer<typeof OrderRef>;

/** The customer and order a ticket is about, checked against each other, and whether the customer is VIP. */
export interface TicketCustomer {
  profileId: string | null;
  orderId: number | null;
  vip: boolean;
}

async function findOrder(db: Db, order: OrderRef): Promise<{ id: number; profile_id: string | null }> {
  const rows =
    'id' in order
      ? await db.query<{ id: number; profile_id: string | null }>(
          `SELECT id, profile_id FROM orders WHERE id = $1`,
          [order.id],
        )
      : await db.query<{ id: number; profile_id: string | null }>(
          `SELECT id, profile_id FROM orders WHERE source = $1 AND number = $2 ORDER BY id LIMIT 2`,
          [order.source, order.number],
        );
  const name = 'id' in order ? `order ${order.id}` : `order ${order.number} of ${order.source}`;
  if (rows.length === 0) throw new NotFoundError(`no ${name}`, { code: 'desk.order_not_found' });
  if (rows.length > 1) {
    throw new ConflictError(`${name} is not unique: name it by its id`, { code: 'desk.order_ambiguous' });
  }
  return { id: Number(rows[0]!.id), profile_id: rows[0]!.profile_id };
}

/**
 * Resolves a ticket's customer (a merged id leads to the surviving profile) and order. Without a customer
 * the order's customer is taken; an order of another customer is a ConflictError.
 */
export async function resolveTicketCustomer(
  db: Db,
  profileId: string | null,
  order: OrderRef | null,
): Promise<TicketCustomer> {
  let customer = profileId === null ? null : (await profileRef(db, profileId)).id;
  let orderId: number | null = null;
  if (order !== null) {
    const found = await findOrder(db, order);
    orderId = found.id;
    const ofOrder =
      found.profile_id === null ? null : ((await findProfileRef(db, found.profile_id))?.id ?? null);
    if (customer === null) customer = ofOrder;
    else if (ofOrder !== null && ofOrder !== customer) {
      throw new ConflictError(`order ${found.id} belongs to another customer`, {
        code: 'desk.order_of_other_customer',
        details: { orderId: found.id, customerId: customer, orderCustomerId: ofOrder },
      });
    }
  }
  return { profileId: customer, orderId, vip: customer === null ? false : await isVip(db, customer) };
}

/** True when the customer's metrics call it VIP. */
export async function isVip(db: Db, profileId: string): Promise<boolean> {
  const [row] = await db.query<{ vip: boolean }>(`SELECT vip FROM profile_metrics WHERE profile_id = $1`, [
    profileId,
  ]);
  return row?.vip ?? false;
}

/** An employee who can be given tickets: exists, is active, and is no viewer. */
export async function checkAssignee(db: Db, employeeId: string): Promise<{ id: string; name: string }> {
  const [row] = z.uuid().safeParse(employeeId).success
    ? await db.query<{ id: string; name: string; role: string; active: boolean }>(
        `SELECT id, name, role, active FROM employees WHERE id = $1`,
        [employeeId],
      )
    : [];
  if (!row) throw new NotFoundError(`no employee ${employeeId}`, { code: 'desk.employee_not_found' });
  if (!row.active) {
    throw new ConflictError(`${row.name} is deactivated and cannot be given tickets`, {
      code: 'desk.assignee_inactive',
    });
  }
  if (row.role === 'viewer') {
    throw new ConflictError(`${row.name} is a viewer and cannot work tickets`, {
      code: 'desk.assignee_viewer',
    });
  }
  return { id: row.id, name: row.name };
}
