import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import { chatReachableSql } from './chat-reachable';

const WakeInput = z.object({
  employeeId: z.uuid(),
  channel: z.enum(['slack', 'telegram']).optional(),
});

/**
 * Turns an employee's waiting chat notifications back to pending (due at `now`) on the channels where they
 * can be reached now, e.g. after they bound Telegram or unblocked the bot; call it wherever an employee
 * becomes reachable. Rows of a channel still unreachable keep waiting. Returns how many were woken.
 */
export async function wakeWaitingNotifications(
  db: Db,
  employeeId: string,
  channel?: 'slack' | 'telegram',
  options: { now?: Date } = {},
): Promise<number> {
  const input = WakeInput.parse({ employeeId, channel });
  const rows = await db.query(
    `UPDATE chat_notifications n SET status = 'pending', next_attempt_at = $3, error = NULL
     FROM employees e
     WHERE n.employee_id = $1 AND n.status = 'waiting' AND ($2::text IS NULL OR n.channel = $2)
       AND e.id = n.employee_id AND e.active AND ${chatReachableSql('n.channel')}
     RETURNING n.id`,
    [input.employeeId, input.channel ?? null, options.now ?? new Date()],
  );
  // An event now on its way (or already sent) on one channel no longer waits for another.
  await db.query(
    `UPDATE chat_notifications n SET status = 'failed', error = 'delivered on another channel'
     WHERE n.employee_id = $1 AND n.status = 'waiting' AND EXISTS (
       SELECT 1 FROM chat_notifications o WHERE o.outbox_id = n.outbox_id AND o.employee_id = n.employee_id
         AND o.status IN ('pending', 'sent'))`,
    [input.employeeId],
  );
  return rows.length;
}
