import type { Db } from '@crm-bridge/store';
import { emitEvent } from '../events';
import { REMINDER_SELECT, type ReminderRow, toReminderView } from './reminder-rows';

const BATCH = 200;

/**
 * Marks one locked, pending, due reminder sent and emits reminder.due, once: the outbox key is the
 * reminder and its due time, so a snoozed reminder is sent again when due, and never twice for one due time.
 */
async function sendReminder(tx: Db, row: ReminderRow, now: Date): Promise<void> {
  await tx.query(`UPDATE reminders SET status = 'sent', sent_at = $2, updated_at = $2 WHERE id = $1`, [
    row.id,
    now,
  ]);
  const view = toReminderView(row);
  await emitEvent(
    tx,
    'reminder.due',
    {
      reminder: {
        id: view.id,
        kind: view.kind,
        text: view.text,
        dueAt: view.dueAt,
        owner: view.owner,
        customer: view.customer,
        ticket: view.ticket,
      },
    },
    `reminder.due:${view.id}:${row.due_at.getTime()}`,
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
      for (const row of rows) await sendReminder(tx, row, now);
      return rows.length;
    });
    sent += batch;
    if (batch < BATCH) return { sent };
  }
}

/** What delivering one reminder did: sent now, not due yet (with its due time), or nothing to do. */
export type ReminderDelivery =
  | { outcome: 'sent' }
  | { outcome: 'early'; dueAt: Date }
  | { outcome: 'stale'; reason: 'superseded' | 'not_pending' | 'missing' };

/**
 * Sends one reminder if it is still pending at `version` (a conditional update on the version the job was
 * made for) and due by `now`. A snoozed, edited, sent or closed reminder has another version: nothing
 * happens, so a job that runs twice, or an old job after a snooze, sends nothing.
 */
export async function deliverDueReminder(
  db: Db,
  id: string,
  version: number,
  now: Date = new Date(),
): Promise<ReminderDelivery> {
  return db.transaction(async (tx) => {
    // Waits for a writer holding the row (a snooze in progress) rather than skipping it.
    const [row] = await tx.query<ReminderRow & { version: string | number }>(
      `${REMINDER_SELECT.replace('SELECT r.id,', 'SELECT r.version, r.id,')} WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    if (!row) return { outcome: 'stale', reason: 'missing' };
    if (Number(row.version) !== version) return { outcome: 'stale', reason: 'superseded' };
    if (row.status !== 'pending') return { outcome: 'stale', reason: 'not_pending' };
    if (row.due_at.getTime() > now.getTime()) return { outcome: 'early', dueAt: row.due_at };
    await sendReminder(tx, row, now);
    return { outcome: 'sent' };
  });
}
