import { ConflictError } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';
import { checkAssignee } from './ticket-customer';
import { lockTicketRow, type TicketView, toTicketView } from './ticket-rows';
import { announceTicketChange, type TicketColumns, updateTicketColumns } from './ticket-writes';

/**
 * Gives a ticket to an employee (null: to nobody). Assigning is a manager's; an agent may only take an
 * unassigned ticket for themself. A new ticket that gets an assignee becomes open. Closed tickets are
 * reopened before they are reassigned.
 */
export async function assignTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  assigneeId: string | null,
  options: AtTime = {},
): Promise<TicketView> {
  authorize(actor, 'tickets.read');
  const target = z.uuid().nullable().parse(assigneeId);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockTicketRow(tx, ref);
    const takesIt = target !== null && target === actor.employeeId && row.assignee_id === null;
    authorize(actor, takesIt ? 'tickets.write' : 'tickets.assign');
    const before = toTicketView(row, now);
    if (row.assignee_id === target) return before;
    if (row.status === 'closed') {
      throw new ConflictError(`${before.ref} is closed: reopen it before you reassign it`, {
        code: 'desk.ticket_closed',
      });
    }
    if (target !== null) await checkAssignee(tx, target);
    const columns: TicketColumns = { assignee_id: target };
    if (target !== null && row.status === 'new') columns.status = 'open';
    const after = toTicketView(await updateTicketColumns(tx, row.id, columns, now), now);
    await announceTicketChange(tx, actor, {
      before,
      after,
      kind: 'assigned',
      event: 'assigned',
      action: 'ticket.assigned',
      data: { from: row.assignee_id, to: target },
      at: now,
    });
    return after;
  });
}
