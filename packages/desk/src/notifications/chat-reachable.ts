/**
 * SQL that is true when employee `e` can be reached on the channel named by `channel` (a column or
 * expression): Slack when bound; Telegram when bound and not blocked. Fan-out and wake-up share it.
 */
export function chatReachableSql(channel: string): string {
  return `(CASE ${channel} WHEN 'slack' THEN e.slack_user_id IS NOT NULL
    ELSE e.telegram_user_id IS NOT NULL AND e.telegram_blocked_at IS NULL END)`;
}
