import type { Db } from '@crm-bridge/store';
import { chatReachableSql } from './chat-reachable';
import { chatRecipients } from './chat-recipients';

/** An outbox event being published. */
export interface OutboxEvent {
  id: number;
  topic: string;
  payload: unknown;
}

const reachable = chatReachableSql('c.channel');
/** Employee `e` can be reached on some channel of their notify_via. */
const anyReachable = `((e.notify_via IN ('slack', 'both') AND ${chatReachableSql("'slack'")})
  OR (e.notify_via IN ('telegram', 'both') AND ${chatReachableSql("'telegram'")}))`;

/**
 * Writes the chat notifications of outbox events: one row per (event, recipient, channel) of the
 * recipient's notify_via where they can be reached now ('both' → each reachable channel), pending; a
 * recipient reachable nowhere gets waiting rows on each of their channels, sent by the first to become
 * reachable (chat-wake.ts). A channel bound later does not replay what another channel delivered.
 * Inactive employees get none. Run it in the transaction that publishes the events; writing
 * the same event twice changes nothing. Returns how many rows were written.
 */
export async function fanOutChatNotifications(
  tx: Db,
  events: readonly OutboxEvent[],
  now: Date,
): Promise<number> {
  const outboxIds: number[] = [];
  const employeeIds: string[] = [];
  const topics: string[] = [];
  let managers: string[] | undefined;
  for (const event of events) {
    const recipients = chatRecipients(event.topic, event.payload);
    let ids: string[];
    if (recipients === 'managers') {
      managers ??= (
        await tx.query<{ id: string }>(
          `SELECT id FROM employees WHERE active AND role = 'manager' ORDER BY id`,
        )
      ).map((row) => row.id);
      ids = managers;
    } else {
      ids = recipients.employeeIds;
    }
    for (const id of ids) {
      outboxIds.push(Number(event.id));
      employeeIds.push(id);
      topics.push(event.topic);
    }
  }
  if (outboxIds.length === 0) return 0;
  const rows = await tx.query(
    `INSERT INTO chat_notifications (outbox_id, employee_id, channel, topic, status, next_attempt_at)
     SELECT r.outbox_id, e.id, c.channel, r.topic,
       CASE WHEN ${reachable} THEN 'pending' ELSE 'waiting' END,
       CASE WHEN ${reachable} THEN $4::timestamptz END
     FROM unnest($1::bigint[], $2::uuid[], $3::text[]) AS r (outbox_id, employee_id, topic)
     JOIN employees e ON e.id = r.employee_id AND e.active
     JOIN (VALUES ('slack'), ('telegram')) AS c (channel) ON e.notify_via IN (c.channel, 'both')
     WHERE ${reachable} OR NOT ${anyReachable}
     ORDER BY r.outbox_id, e.id, c.channel
     ON CONFLICT (outbox_id, employee_id, channel) DO NOTHING
     RETURNING id`,
    [outboxIds, employeeIds, topics, now],
  );
  return rows.length;
}
