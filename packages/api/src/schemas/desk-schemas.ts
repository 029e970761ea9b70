/** Answer shapes of the desk routes: what @crm-bridge/desk returns, field for field. */
import {
  Channel,
  ChatThread,
  ReminderKind,
  ReminderStatus,
  TicketPriority,
  TicketStatus,
} from '@crm-bridge/core';
import { z } from 'zod';

const Timestamp = z.string().meta({ description: 'ISO 8601, UTC' });
const Named = z.strictObject({ id: z.uuid(), name: z.string() });

const SlaClock = z.strictObject({
  state: z.enum(['running', 'paused', 'met', 'breached']),
  dueAt: Timestamp.nullable(),
  atRiskAt: Timestamp.nullable(),
  atRisk: z.boolean(),
  breached: z.boolean(),
});

export const Ticket = z.strictObject({
  id: z.uuid(),
  number: z.int(),
  ref: z.string().meta({ description: 'The human number, T-1042: usable wherever a ticket id is' }),
  subject: z.string(),
  description: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  customer: Named.nullable(),
  order: z.strictObject({ id: z.int(), source: z.string(), number: z.string() }).nullable(),
  assignee: Named.nullable(),
  createdBy: Named.nullable(),
  channel: Channel,
  chatThread: ChatThread.nullable(),
  firstRespondedAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sla: z.strictObject({
    vip: z.boolean(),
    firstResponse: SlaClock,
    resolution: SlaClock,
    atRisk: z.boolean(),
    breached: z.boolean(),
  }),
});

export const TicketComment = z.strictObject({
  id: z.uuid(),
  ticketId: z.uuid(),
  visibility: z.enum(['internal', 'public']),
  body: z.string(),
  author: Named.nullable(),
  actor: z.strictObject({ kind: z.string(), id: z.string().nullable() }),
  channel: z.string(),
  createdAt: Timestamp,
});

export const TicketHistoryEntry = z.strictObject({
  id: z.int(),
  kind: z.string(),
  actor: z.strictObject({ kind: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
  at: Timestamp,
});

export const Reminder = z.strictObject({
  id: z.uuid(),
  kind: ReminderKind,
  text: z.string(),
  dueAt: Timestamp,
  status: ReminderStatus,
  owner: Named,
  customer: Named.nullable(),
  ticket: z.strictObject({ id: z.uuid(), number: z.string() }).nullable(),
  createdBy: Named.nullable(),
  sentAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const Note = z.strictObject({
  id: z.uuid(),
  profileId: z.uuid(),
  kind: z.string(),
  body: z.string(),
  author: Named.nullable(),
  channel: z.string(),
  occurredAt: Timestamp,
  createdAt: Timestamp,
});

/** One entry of a customer's timeline, newest first: an order, a ticket, a reminder or a note. */
export const TimelineEntry = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('order'),
    id: z.string(),
    at: Timestamp,
    order: z.strictObject({
      id: z.int(),
      source: z.string(),
      number: z.string(),
      status: z.string(),
      currency: z.string(),
      total: z.string(),
      deleted: z.boolean(),
    }),
  }),
  z.strictObject({
    kind: z.literal('ticket'),
    id: z.string(),
    at: Timestamp,
    ticket: z.strictObject({
      number: z.string(),
      subject: z.string(),
      status: z.string(),
      priority: z.string(),
    }),
  }),
  z.strictObject({
    kind: z.literal('reminder'),
    id: z.string(),
    at: Timestamp,
    reminder: z.strictObject({
      kind: z.string(),
      text: z.string(),
      dueAt: Timestamp,
      status: z.string(),
      owner: z.string().nullable(),
    }),
  }),
  z.strictObject({
    kind: z.literal('note'),
    id: z.string(),
    at: Timestamp,
    note: z.strictObject({
      kind: z.string(),
      body: z.string(),
      author: z.string().nullable(),
      channel: z.string(),
    }),
  }),
]);
