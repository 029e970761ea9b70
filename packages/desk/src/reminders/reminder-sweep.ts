import type { Db } from '@crm-bridge/store';
import { emitEvent } from '../events';
import { REMINDER_SELECT, type ReminderRow, toReminderView } from './reminder-rows';

const BATCH = 200;

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
      for (const row of rows) {
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
      return rows.length;
    });
    sent += batch;
    if (batch < BATCH) return { sent };
  }
}
