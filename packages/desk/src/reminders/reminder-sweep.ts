import type { Db } from '@crm-bridge/store';
import type { EventPayloads } from '../events';
import { REMINDER_SELECT, type ReminderRow, toReminderView } from './reminder-rows';

const BATCH = 200;

/** Due reminders a delivery job sends along with its own, in the same transaction. */
const NEIGHBOURS = 500;

type ReminderDuePayload = EventPayloads['reminder.due'];

/**
 * Marks locked, pending, due reminders sent and emits their reminder.due events, in two statements
 * whatever their number. Each event is stored once: the outbox key is the reminder and its due time, so a
 * snoozed reminder is sent again when due, and never twice for one due time. (`emitEvent`'s insert, for
 * many events at once.)
 */
async function sendReminders(tx: Db, rows: readonly ReminderRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE reminders SET status = 'sent', sent_at = $2, updated_at = $2 WHERE id = ANY ($1::uuid[])`,
    [rows.map((row) => row.id), now],
  );
  const keys: string[] = [];
  const payloads: string[] = [];
  for (const row of rows) {
    const view = toReminderView(row);
    const payload: ReminderDuePayload = {
      reminder: {
        id: view.id,
        kind: view.kind,
        text: view.text,
        dueAt: view.dueAt,
        owner: view.owner,
        customer: view.customer,
        ticket: view.ticket,
      },
    };
    keys.push(`reminder.due:${view.id}:${row.due_at.getTime()}`);
    payloads.push(JSON.stringify(payload));
  }
  await tx.query(
    `INSERT INTO outbox (topic, dedupe_key, payload)
     SELECT 'reminder.due', e.key, e.payload::jsonb FROM unnest($1::text[], $2::text[]) AS e(key, payload)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [keys, payloads],
  );
}

/**
 * Sends the reminders that are due: each pending one due by `now` becomes sent and emits reminder.due,
 * once (the outbox key is the reminder and its due time, so a snoozed reminder is sent again when due).
 * Several workers may sweep at once: rows another one holds are skipped. Returns how many were sent.
 */
export async function reminderDueSweep(db: Db, now: Date = new Date()): Promise<{ sent: number }> {
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx.query<ReminderRow>(
        `${REMINDER_SELECT} WHERE r.status = 'pending' AND r.due_at <= $1
         ORDER BY r.due_at, r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
        [now, BATCH],
      );
      await sendReminders(tx, rows, now);
      return rows.length;
    });
    sent += batch;
    if (batch < BATCH) return { sent };
  }
}

/** What delivering one reminder did: sent now (with how many due ones went along), not due yet, or nothing to do. */
export type ReminderDelivery =
  | { outcome: 'sent'; sent: number }
  | { outcome: 'early'; dueAt: Date }
  | { outcome: 'stale'; reason: 'superseded' | 'not_pending' | 'missing' };

type Staleness = Extract<ReminderDelivery, { outcome: 'stale' }>['reason'];

/** Where a reminder stands, as a delivery job first looks at it. */
export interface ReminderState {
  version: number;
  status: string;
}

/** The state of each reminder of `ids` that exists, in one query (a worker's jobs look at theirs together). */
export async function reminderStates(db: Db, ids: readonly string[]): Promise<Map<string, ReminderState>> {
  const rows = await db.query<{ id: string; version: string | number; status: string }>(
    'SELECT id, version, status FROM reminders WHERE id = ANY ($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { version: Number(row.version), status: row.status }]));
}

/** Why a job for `version` has nothing to do with this row, or null when the row is pending at that version. */
function staleness(
  row: { version: number | string; status: string } | undefined,
  version: number,
): Staleness | null {
  if (!row) return 'missing';
  if (Number(row.version) !== version) return 'superseded';
  return row.status === 'pending' ? null : 'not_pending';
}

/**
 * Sends one reminder if it is still pending at `version` (a conditional update on the version the job was
 * made for) and due by `now`. A snoozed, edited, sent or closed reminder has another version: nothing
 * happens, so a job that runs twice, or an old job after a snooze, sends nothing. The other reminders due
 * by `now` that no one else holds go in the same transaction (up to a batch): under load one job sends
 * what is due around it and the jobs of those find nothing to do, at the cost of one read.
 */
export async function deliverDueReminder(
  db: Db,
  id: string,
  version: number,
  now: Date = new Date(),
  options: {
    /** How the first look is taken. @defaultValue one query for this reminder */
    peek?: (id: string) => Promise<ReminderState | undefined>;
  } = {},
): Promise<ReminderDelivery> {
  // A look without a lock first: versions only grow, so a job found stale here stays stale.
  const seen = options.peek ? await options.peek(id) : (await reminderStates(db, [id])).get(id);
  const stale = staleness(seen, version);
  if (stale) return { outcome: 'stale', reason: stale };
  return db.transaction(async (tx) => {
    // Waits for a writer holding the row (a snooze in progress) rather than skipping it.
    const [row] = await tx.query<ReminderRow & { version: string | number }>(
      `${REMINDER_SELECT.replace('SELECT r.id,', 'SELECT r.version, r.id,')} WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    const reason = staleness(row, version);
    if (reason || !row) return { outcome: 'stale', reason: reason ?? 'missing' };
    if (row.due_at.getTime() > now.getTime()) return { outcome: 'early', dueAt: row.due_at };
    // Never waits: a row another transaction holds is its business (or its own job's).
    const neighbours = await tx.query<ReminderRow>(
      `${REMINDER_SELECT} WHERE r.status = 'pending' AND r.due_at <= $1 AND r.id <> $2
       ORDER BY r.due_at, r.id LIMIT $3 FOR UPDATE OF r SKIP LOCKED`,
      [now, id, NEIGHBOURS],
    );
    await sendReminders(tx, [row, ...neighbours], now);
    return { outcome: 'sent', sent: 1 + neighbours.length };
  });
}
