import type { Db } from '@crm-bridge/store';

/** The rows a chat request may write; a refused request must leave every one of these counts as it was. */
export interface StoreCounts {
  tickets: number;
  audit: number;
  reminders: number;
  /** Notes and other timeline entries. */
  notes: number;
  /** Employees bound to a Slack or a Telegram user. */
  bound: number;
}

/** Counts the rows a chat request may write. */
export async function storeCounts(db: Db): Promise<StoreCounts> {
  const [row] = await db.query<StoreCounts>(
    `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM audit_log) AS audit,
       (SELECT count(*)::int FROM reminders) AS reminders, (SELECT count(*)::int FROM interactions) AS notes,
       (SELECT count(*)::int FROM employees WHERE slack_user_id IS NOT NULL OR telegram_user_id IS NOT NULL) AS bound`,
  );
  return row!;
}
