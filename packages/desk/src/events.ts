import type { Db, SyncRun } from '@crm-bridge/store';
import type { ActorSummary } from './actor';

/** Every event topic the desk writes to the outbox; webhook subscriptions are checked against this list. */
export const EVENT_TOPICS = [
  'ticket.created',
  'ticket.updated',
  'ticket.sla_at_risk',
  'ticket.breached',
  'reminder.due',
  'customer.dormant',
  'profile.merged',
  'sync.completed',
  'sync.failed',
] as const;

export type EventTopic = (typeof EVENT_TOPICS)[number];

/** True when `topic` is one of EVENT_TOPICS. */
export function isEventTopic(topic: string): topic is EventTopic {
  return (EVENT_TOPICS as readonly string[]).includes(topic);
}

/** A ticket as events carry it: ids, the human number, names; never comment bodies or secrets. */
export interface TicketEventSummary {
  id: string;
  /** `T-1042`. */
  number: string;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  customer: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

/** Which of a ticket's two SLA clocks an SLA event is about. */
export type SlaClockName = 'first_response' | 'resolution';

/** The JSON each topic carries. */
export interface EventPayloads {
  'ticket.created': { ticket: TicketEventSummary; actor: ActorSummary };
  'ticket.updated': {
    ticket: TicketEventSummary;
    change: 'updated' | 'assigned' | 'status_changed' | 'commented';
    /** Changed fields, `{ field: { from, to } }`; a comment gives its id and visibility, not its body. */
    changes: Record<string, { from: unknown; to: unknown }>;
    comment?: { id: string; visibility: 'internal' | 'public' };
    actor: ActorSummary;
  };
  'ticket.sla_at_risk': { ticket: TicketEventSummary; clock: SlaClockName; dueAt: string; at: string };
  'ticket.breached': { ticket: TicketEventSummary; clock: SlaClockName; dueAt: string; at: string };
  'reminder.due': {
    reminder: {
      id: string;
      kind: string;
      text: string;
      dueAt: string;
      owner: { id: string; name: string };
      customer: { id: string; name: string } | null;
      ticket: { id: string; number: string } | null;
    };
  };
  'customer.dormant': {
    customer: {
      id: string;
      name: string;
      lastOrderAt: string | null;
      reason: string;
      vip: boolean;
      segment: string | null;
    };
    owner: { id: string; name: string } | null;
    reminderId: string | null;
  };
  'profile.merged': {
    survivor: { id: string; name: string };
    absorbed: string[];
    reason: string | null;
    actor: ActorSummary;
  };
  'sync.completed': { run: SyncRunSummary };
  'sync.failed': { run: SyncRunSummary; error: string };
}

export interface SyncRunSummary {
  id: number;
  source: string;
  stream: string | null;
  mode: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  counts: SyncRun['counts'];
}

/**
 * Writes an event to the outbox. Pass the transaction of the change it reports, so both commit or neither
 * does. With a dedupe key the same event is stored once however often it is emitted; returns false when
 * it was there already.
 */
export async function emitEvent<T extends EventTopic>(
  tx: Db,
  topic: T,
  payload: EventPayloads[T],
  dedupeKey?: string,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO outbox (topic, dedupe_key, payload) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [topic, dedupeKey ?? null, JSON.stringify(payload)],
  );
  return rows.length === 1;
}

/**
 * Emits sync.completed or sync.failed for a finished run (once per run, keyed by its id); a run still
 * running or cancelled emits nothing. Returns the topic written, or null.
 */
export async function emitSyncRunEvent(db: Db, run: SyncRun): Promise<EventTopic | null> {
  if (run.status !== 'succeeded' && run.status !== 'failed') return null;
  const summary: SyncRunSummary = {
    id: run.id,
    source: run.source,
    stream: run.stream,
    mode: run.mode,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    counts: run.counts,
  };
  const written =
    run.status === 'succeeded'
      ? await emitEvent(db, 'sync.completed', { run: summary }, `sync.completed:${run.id}`)
      : await emitEvent(db, 'sync.failed', { run: summary, error: run.error ?? '' }, `sync.failed:${run.id}`);
  return written ? (run.status === 'succeeded' ? 'sync.completed' : 'sync.failed') : null;
}
