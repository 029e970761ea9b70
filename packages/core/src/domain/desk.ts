import { z } from 'zod';
import { Timestamp, Uuid } from './common';

/** Where something was done from; kept on tickets, notes and the audit log. */
export const Channel = z.enum(['slack', 'telegram', 'api', 'cli', 'n8n', 'system']);
export type Channel = z.infer<typeof Channel>;

/** new → open → pending → resolved → closed; resolved and closed reopen to open. */
export const TicketStatus = z.enum(['new', 'open', 'pending', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** A service ticket about one customer profile. */
export const Ticket = z.strictObject({
  id: Uuid,
  /** Human-friendly number, unique and increasing, shown as `T-1042`. */
  number: z.number().int().positive(),
  profileId: Uuid.nullable(),
  /** The ERP order the ticket is about (orders.id), if any. */
  orderId: z.number().int().positive().nullable(),
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
  closedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Ticket = z.infer<typeof Ticket>;

/** Who sees a ticket comment: the team only, or the customer too (a customer-facing reply). */
export const CommentVisibility = z.enum(['internal', 'public']);
export type CommentVisibility = z.infer<typeof CommentVisibility>;

/** Why a reminder exists: set by hand, or made by a sweep (dormant customer, SLA at risk), or a follow-up. */
export const ReminderKind = z.enum(['manual', 'dormant_customer', 'sla_at_risk', 'follow_up']);
export type ReminderKind = z.infer<typeof ReminderKind>;

export const ReminderStatus = z.enum(['pending', 'sent', 'done', 'cancelled']);
export type ReminderStatus = z.infer<typeof ReminderStatus>;

/** A reminder an employee set for themself (or another), about a customer or a ticket. */
export const Reminder = z.strictObject({
  id: Uuid,
  employeeId: Uuid,
  profileId: Uuid.nullable(),
  ticketId: Uuid.nullable(),
  kind: ReminderKind,
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
/** The interactions an employee records by hand (chat mentions are written by the bots). */
export const NoteKind = z.enum(['note', 'call', 'meeting', 'email']);
export type NoteKind = z.infer<typeof NoteKind>;

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

/** A chat thread a ticket links to: a Slack message (channel + ts) and its permalink. */
export const ChatThread = z.strictObject({
  channel: z.literal('slack'),
  channelId: z.string().min(1).max(100),
  ts: z.string().regex(/^\d+\.\d+$/, 'Expected a Slack message ts such as 1712345678.000100'),
  permalink: z.url().max(2000).nullish(),
});
export type ChatThread = z.infer<typeof ChatThread>;
