import type { Db, SqlParam } from '@crm-bridge/store';
import { type ActorSummary, actorSummary, type DeskActor } from '../actor';
import { auditDesk } from '../audit';
import { type EventPayloads, emitEvent } from '../events';
import {
  type TicketRow,
  type TicketView,
  ticketAuditSummary,
  ticketEventSummary,
  ticketRowById,
} from './ticket-rows';
import type { SlaSchedule } from './ticket-sla';

/** Ticket columns a use case may set; the names come from code, never from input. */
const WRITABLE = new Set([
  'title',
  'description',
  'status',
  'priority',
  'profile_id',
  'order_id',
  'assignee_id',
  'first_response_risk_at',
  'first_response_due_at',
  'resolution_risk_at',
  'resolution_due_at',
  'first_responded_at',
  'resolved_at',
  'closed_at',
  'sla_vip',
  'sla_paused_at',
  'sla_paused_ms',
]);

export type TicketColumns = Record<string, SqlParam>;

/** The SLA columns of a schedule. */
export function scheduleColumns(schedule: SlaSchedule): TicketColumns {
  return {
    first_response_risk_at: schedule.firstResponseRiskAt,
    first_response_due_at: schedule.firstResponseDueAt,
    resolution_risk_at: schedule.resolutionRiskAt,
    resolution_due_at: schedule.resolutionDueAt,
  };
}

/** Writes columns of one ticket (and updated_at) and returns the row as it is now. */
export async function updateTicketColumns(
  tx: Db,
  id: string,
  columns: TicketColumns,
  now: Date,
): Promise<TicketRow> {
  const names = Object.keys(columns);
  for (const name of names) if (!WRITABLE.has(name)) throw new Error(`tickets.${name} is not writable`);
  const set = names.map((name, i) => `${name} = $${i + 3}`);
  await tx.query(`UPDATE tickets SET ${[...set, 'updated_at = $2'].join(', ')} WHERE id = $1`, [
    id,
    now,
    ...names.map((name) => columns[name]!),
  ]);
  return ticketRowById(tx, id);
}

export type TicketEventKind =
  | 'created'
  | 'updated'
  | 'assigned'
  | 'status_changed'
  | 'priority_changed'
  | 'commented'
  | 'sla_warning'
  | 'sla_breached';

/** One line of a ticket's history. */
export async function recordTicketEvent(
  tx: Db,
  ticketId: string,
  actor: Pick<DeskActor, 'kind' | 'id'>,
  kind: TicketEventKind,
  data: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO ticket_events (ticket_id, kind, actor_kind, actor_id, data, at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [ticketId, kind, actor.kind, actor.id, JSON.stringify(data), at],
  );
}

/** The fields that differ between two views, as `{ field: { from, to } }`. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** History row, ticket.updated event and audit row of one change, all in the change's transaction. */
export async function announceTicketChange(
  tx: Db,
  actor: DeskActor,
  change: {
    before: TicketView;
    after: TicketView;
    kind: TicketEventKind;
    event: EventPayloads['ticket.updated']['change'];
    action: string;
    data: Record<string, unknown>;
    comment?: { id: string; visibility: 'internal' | 'public' };
    at: Date;
  },
): Promise<void> {
  const changes = changedFields(ticketAuditSummary(change.before), ticketAuditSummary(change.after));
  await recordTicketEvent(tx, change.after.id, actor, change.kind, change.data, change.at);
  const by: ActorSummary = actorSummary(actor);
  await emitEvent(tx, 'ticket.updated', {
    ticket: ticketEventSummary(change.after),
    change: change.event,
    changes,
    ...(change.comment ? { comment: change.comment } : {}),
    actor: by,
  });
  await auditDesk(tx, actor, {
    action: change.action,
    target: { kind: 'ticket', id: change.after.id },
    before: ticketAuditSummary(change.before),
    after: ticketAuditSummary(change.after),
    ...(Object.keys(change.data).length > 0 ? { extra: change.data } : {}),
  });
}
