import { StoredText, TicketStatus } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import type { DeskActor } from '../actor';
import { authorize } from '../permissions';
import type { AtTime, DeskSettings } from '../settings';
import { businessTimeBetween } from './business-calendar';
import { lockTicketRow, type TicketView, toTicketView } from './ticket-rows';
import { slaSchedule } from './ticket-sla';
import { answersCustomer, checkTransition, clockRuns } from './ticket-transitions';
import {
  announceTicketChange,
  scheduleColumns,
  type TicketColumns,
  updateTicketColumns,
} from './ticket-writes';

const Reason = StoredText.trim().max(2000).optional();

/**
 * Moves a ticket to another status (ticket-transitions.ts says which moves exist; any other is a
 * ConflictError with the reason). The SLA follows: moving to pending, resolved or closed answers the
 * customer (first response) and stops the resolution clock; back to open runs it on, the stopped time
 * counted as a pause.
 */
export async function transitionTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  to: TicketStatus,
  settings: DeskSettings,
  options: AtTime & { reason?: string } = {},
): Promise<TicketView> {
  authorize(actor, 'tickets.write');
  const status = TicketStatus.parse(to);
  const reason = Reason.parse(options.reason);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockTicketRow(tx, ref);
    checkTransition(row.status, status);
    const before = toTicketView(row, now);
    const columns: TicketColumns = { status };
    if (answersCustomer(status) && row.first_responded_at === null) columns.first_responded_at = now;
    if (status === 'resolved') columns.resolved_at = now;
    if (status === 'closed') columns.closed_at = now;
    if (clockRuns(row.status) && !clockRuns(status)) columns.sla_paused_at = now;
    if (!clockRuns(row.status) && clockRuns(status)) {
      // The clock runs on: the time it stood still is one more pause, and the due times move by it.
      const pausedMs =
        Number(row.sla_paused_ms) + businessTimeBetween(settings.sla.calendar, row.sla_paused_at ?? now, now);
      Object.assign(columns, {
        sla_paused_at: null,
        sla_paused_ms: pausedMs,
        resolved_at: null,
        closed_at: null,
        ...scheduleColumns(
          slaSchedule(settings.sla, {
            createdAt: row.created_at,
            priority: row.priority,
            vip: row.sla_vip,
            pausedMs,
          }),
        ),
      });
    }
    const after = toTicketView(await updateTicketColumns(tx, row.id, columns, now), now);
    await announceTicketChange(tx, actor, {
      before,
      after,
      kind: 'status_changed',
      event: 'status_changed',
      action: reopens(row.status, status) ? 'ticket.reopened' : 'ticket.status_changed',
      data: { from: row.status, to: status, ...(reason ? { reason } : {}) },
      at: now,
    });
    return after;
  });
}

function reopens(from: TicketStatus, to: TicketStatus): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'open';
}

/** Reopens a resolved or closed ticket (→ open). */
export function reopenTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  settings: DeskSettings,
  options: AtTime & { reason?: string } = {},
): Promise<TicketView> {
  return transitionTicket(db, actor, ref, 'open', settings, options);
}
