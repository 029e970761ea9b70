import { Channel, ChatThread, StoredText, TicketPriority } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import { actorSummary, type DeskActor } from '../actor';
import { auditDesk } from '../audit';
import { emitEvent } from '../events';
import { authorize } from '../permissions';
import type { AtTime, DeskSettings } from '../settings';
import { checkAssignee, OrderRef, resolveTicketCustomer } from './ticket-customer';
import {
  lockTicketRow,
  type TicketView,
  ticketAuditSummary,
  ticketEventSummary,
  ticketRowById,
  toTicketView,
} from './ticket-rows';
import { slaSchedule } from './ticket-sla';
import {
  announceTicketChange,
  changedFields,
  recordTicketEvent,
  scheduleColumns,
  updateTicketColumns,
} from './ticket-writes';

const Subject = StoredText.trim().min(1).max(300);
const Description = StoredText.max(20_000);

/** What it takes to open a ticket. */
export const NewTicket = z.strictObject({
  subject: Subject,
  description: Description.default(''),
  priority: TicketPriority.default('normal'),
  /** The customer profile (a merged id leads to the survivor); taken from the order when left out. */
  profileId: z.string().nullish(),
  order: OrderRef.nullish(),
  /** Someone else than yourself needs tickets.assign. */
  assigneeId: z.uuid().nullish(),
  /** Where the request came from; the actor's channel when left out. */
  channel: Channel.optional(),
  /** The chat thread the ticket was opened from ("Create ticket from message"). */
  chatThread: ChatThread.nullish(),
});
export type NewTicket = z.input<typeof NewTicket>;

/**
 * Opens a ticket as `new` (as `open` when it is given an assignee) with its SLA due times, and writes its
 * history, the ticket.created event and the audit row in one transaction.
 */
export async function createTicket(
  db: Db,
  actor: DeskActor,
  input: NewTicket,
  settings: DeskSettings,
  options: AtTime = {},
): Promise<TicketView> {
  authorize(actor, 'tickets.write');
  const data = NewTicket.parse(input);
  if (data.assigneeId && data.assigneeId !== actor.employeeId) authorize(actor, 'tickets.assign');
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const customer = await resolveTicketCustomer(tx, data.profileId ?? null, data.order ?? null);
    if (data.assigneeId) await checkAssignee(tx, data.assigneeId);
    const schedule = slaSchedule(settings.sla, {
      createdAt: now,
      priority: data.priority,
      vip: customer.vip,
      pausedMs: 0,
    });
    const [inserted] = await tx.query<{ id: string }>(
      `INSERT INTO tickets (profile_id, order_id, title, description, status, priority, assignee_id, created_by,
         channel, sla_vip, first_response_risk_at, first_response_due_at, resolution_risk_at, resolution_due_at,
         chat_thread, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
      [
        customer.profileId,
        customer.orderId,
        data.subject,
        data.description,
        data.assigneeId ? 'open' : 'new',
        data.priority,
        data.assigneeId ?? null,
        actor.employeeId,
        data.channel ?? actor.channel,
        customer.vip,
        schedule.firstResponseRiskAt,
        schedule.firstResponseDueAt,
        schedule.resolutionRiskAt,
        schedule.resolutionDueAt,
        data.chatThread ? JSON.stringify(data.chatThread) : null,
        now,
      ],
    );
    const ticket = toTicketView(await ticketRowById(tx, inserted!.id), now);
    await recordTicketEvent(tx, ticket.id, actor, 'created', { ticket: ticketAuditSummary(ticket) }, now);
    await emitEvent(tx, 'ticket.created', { ticket: ticketEventSummary(ticket), actor: actorSummary(actor) });
    await auditDesk(tx, actor, {
      action: 'ticket.created',
      target: { kind: 'ticket', id: ticket.id },
      after: ticketAuditSummary(ticket),
    });
    return ticket;
  });
}

/** Fields of a ticket that can be changed; status and assignee have their own use cases. */
export const TicketChanges = z
  .strictObject({
    subject: Subject.optional(),
    description: Description.optional(),
    priority: TicketPriority.optional(),
    /** null takes the customer off the ticket. */
    profileId: z.string().nullable().optional(),
    /** null takes the order off the ticket. */
    order: OrderRef.nullable().optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Give at least one field to change',
  });
export type TicketChanges = z.input<typeof TicketChanges>;

/**
 * Changes subject, description, priority, customer or order. A new priority or customer recomputes the SLA
 * due times (the customer's VIP status is read again); time already used stays used.
 */
export async function updateTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  changes: TicketChanges,
  settings: DeskSettings,
  options: AtTime = {},
): Promise<TicketView> {
  authorize(actor, 'tickets.write');
  const data = TicketChanges.parse(changes);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockTicketRow(tx, ref);
    const before = toTicketView(row, now);
    const columns: Record<string, string | number | boolean | Date | null> = {};
    if (data.subject !== undefined) columns.title = data.subject;
    if (data.description !== undefined) columns.description = data.description;
    if (data.priority !== undefined) columns.priority = data.priority;
    let vip = row.sla_vip;
    if (data.profileId !== undefined || data.order !== undefined) {
      const keepOrder = row.order_id === null ? null : { id: Number(row.order_id) };
      const customer = await resolveTicketCustomer(
        tx,
        data.profileId !== undefined ? data.profileId : row.profile_id,
        data.order !== undefined ? data.order : keepOrder,
      );
      columns.profile_id = customer.profileId;
      columns.order_id = customer.orderId;
      if (customer.profileId !== row.profile_id) vip = customer.vip;
      columns.sla_vip = vip;
    }
    const priority = data.priority ?? row.priority;
    if (priority !== row.priority || vip !== row.sla_vip) {
      Object.assign(
        columns,
        scheduleColumns(
          slaSchedule(settings.sla, {
            createdAt: row.created_at,
            priority,
            vip,
            pausedMs: Number(row.sla_paused_ms),
          }),
        ),
      );
    }
    const after = toTicketView(await updateTicketColumns(tx, row.id, columns, now), now);
    if (Object.keys(changedFields(ticketAuditSummary(before), ticketAuditSummary(after))).length === 0) {
      return after;
    }
    const onlyPriority = Object.keys(data).every((key) => key === 'priority');
    await announceTicketChange(tx, actor, {
      before,
      after,
      kind: onlyPriority ? 'priority_changed' : 'updated',
      event: 'updated',
      action: 'ticket.updated',
      data: {},
      at: now,
    });
    return after;
  });
}
