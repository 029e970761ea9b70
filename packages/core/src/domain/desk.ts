import { z } from 'zod';
import { Timestamp, Uuid } from './common';

/** Where something was done from; kept on tickets, notes and the audit log. */
export const Channel = z.enum(['slack', 'telegram', 'api', 'cli', 'n8n', 'system']);
export type Channel = z.infer<typeof Channel>;

export const TicketStatus = z.enum(['open', 'pending', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** A service ticket about one customer profile. */
export const Ticket = z.strictObject({
  id: Uuid,
  /** Human-friendly number, unique and increasing (`#1042`). */
  number: z.number().int().positive(),
  profileId: Uuid.nullable(),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20_000).default(''),
  status: TicketStatus,
  priority: TicketPriority,
  assigneeId: Uuid.nullable(),
  createdBy: Uuid.nullable(),
  channel: Channel,
  firstResponseDueAt: Timestamp.nullable(),
  resolutionDueAt: Timestamp.nullable(),
  firstRespondedAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Ticket = z.infer<typeof Ticket>;

export const ReminderStatus = z.enum(['pending', 'sent', 'done', 'cancelled']);
export type ReminderStatus = z.infer<typeof ReminderStatus>;

/** A reminder an employee set for themself (or another), about a customer or a ticket. */
export const Reminder = z.strictObject({
  id: Uuid,
  employeeId: Uuid,
  profileId: Uuid.nullable(),
  ticketId: Uuid.nullable(),
  text: z.string().trim().min(1).max(2000),
  dueAt: Timestamp,
  status: ReminderStatus,
  createdBy: Uuid.nullable(),
  sentAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Reminder = z.infer<typeof Reminder>;

export const InteractionKind = z.enum(['note', 'call', 'meeting', 'email', 'chat_mention']);
export type InteractionKind = z.infer<typeof InteractionKind>;

/** One entry on a customer's timeline: a note, a call, a chat mention. */
export const Interaction = z.strictObject({
  id: Uuid,
  profileId: Uuid,
  kind: InteractionKind,
  body: z.string().trim().min(1).max(20_000),
  authorId: Uuid.nullable(),
  channel: Channel,
  occurredAt: Timestamp,
  createdAt: Timestamp,
});
export type Interaction = z.infer<typeof Interaction>;
/** A note is the interaction an employee writes by hand. */
export type Note = Interaction & { kind: 'note' };
