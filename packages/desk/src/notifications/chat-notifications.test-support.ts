import type { Db } from '@crm-bridge/store';

/** One chat_notifications row as tests compare it. */
export interface NotificationRow {
  employee: string;
  channel: string;
  topic: string;
  status: string;
}

/** The chat notification rows, with the employee's name, in a stable order. */
export async function chatNotificationRows(db: Db): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `SELECT e.name AS employee, n.channel, n.topic, n.status FROM chat_notifications n
     JOIN employees e ON e.id = n.employee_id ORDER BY e.name, n.outbox_id, n.channel`,
  );
}

/** Binds an employee's chat accounts straight in the table (what the Slack/Telegram binding does). */
export async function bindChat(
  db: Db,
  employeeId: string,
  chat: {
    slack?: string | null;
    telegram?: number | null;
    notifyVia?: 'slack' | 'telegram' | 'both';
    blocked?: Date | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE employees SET
       slack_user_id = CASE WHEN $2 THEN $3 ELSE slack_user_id END,
       telegram_user_id = CASE WHEN $4 THEN $5::bigint ELSE telegram_user_id END,
       notify_via = COALESCE($6, notify_via),
       telegram_blocked_at = CASE WHEN $7 THEN $8::timestamptz ELSE telegram_blocked_at END
     WHERE id = $1`,
    [
      employeeId,
      chat.slack !== undefined,
      chat.slack ?? null,
      chat.telegram !== undefined,
      chat.telegram ?? null,
      chat.notifyVia ?? null,
      chat.blocked !== undefined,
      chat.blocked ?? null,
    ],
  );
}
