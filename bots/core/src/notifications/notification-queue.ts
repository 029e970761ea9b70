import type { Db } from '@crm-bridge/store';
import type { ChatView, MessageRef } from '../chat-contract';

/** A chat notification this drainer holds a lease on. */
export interface ClaimedNotification {
  id: string;
  /** This attempt's number, 1 for the first try. */
  attempt: number;
  outboxId: number;
  employeeId: string;
  channel: 'slack' | 'telegram';
  topic: string;
  payload: unknown;
}

interface ClaimRow {
  id: string;
  attempt: number;
  outbox_id: number | bigint;
  employee_id: string;
  channel: 'slack' | 'telegram';
  topic: string;
  payload: unknown;
}

/**
 * Claims up to `limit` due pending notifications of the given channels with `FOR UPDATE SKIP LOCKED` and,
 * in the same statement, counts the attempt and moves the due time forward by `leaseMs`: no other drainer
 * takes them while this one sends, and if this process dies they are due again when the lease runs out.
 * Oldest event first.
 */
export async function claimDueNotifications(
  db: Db,
  options: { now: Date; limit: number; leaseMs: number; channels: readonly string[] },
): Promise<ClaimedNotification[]> {
  if (options.channels.length === 0) return [];
  const rows = await db.query<ClaimRow>(
    `WITH due AS (
       SELECT id FROM chat_notifications
       WHERE status = 'pending' AND next_attempt_at <= $1 AND channel = ANY ($4::text[])
       ORDER BY next_attempt_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE chat_notifications n SET attempt = n.attempt + 1, next_attempt_at = $3
     FROM due, outbox o
     WHERE n.id = due.id AND o.id = n.outbox_id
     RETURNING n.id, n.attempt, n.outbox_id, n.employee_id, n.channel, n.topic, o.payload`,
    [options.now, options.limit, new Date(options.now.getTime() + options.leaseMs), options.channels],
  );
  return rows
    .map((row) => ({
      id: row.id,
      attempt: Number(row.attempt),
      outboxId: Number(row.outbox_id),
      employeeId: row.employee_id,
      channel: row.channel,
      topic: row.topic,
      payload: row.payload,
    }))
    .sort((a, b) => a.outboxId - b.outboxId || a.id.localeCompare(b.id));
}

// Every write below is guarded by the attempt it claimed: a stale lease never overwrites a newer one.
const HELD = `id = $1 AND attempt = $2 AND status = 'pending'`;

/**
 * Records a delivered notification and, when the view shows a subject (a reminder, a ticket), the chat
 * message for later edits, in one transaction. Returns false when the lease was lost meanwhile.
 */
export async function recordSent(
  db: Db,
  claimed: ClaimedNotification,
  sent: { ref: MessageRef; subject: ChatView['subject']; at: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE chat_notifications
       SET status = 'sent', sent_at = $3, message_ref = $4::jsonb, next_attempt_at = NULL, error = NULL
       WHERE ${HELD} RETURNING id`,
      [claimed.id, claimed.attempt, sent.at, JSON.stringify(sent.ref)],
    );
    if (rows.length === 0) return false;
    if (sent.subject) {
      await tx.query(
        `INSERT INTO chat_messages (channel, subject_kind, subject_id, employee_id, message_ref, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
        [
          claimed.channel,
          sent.subject.kind,
          sent.subject.id,
          claimed.employeeId,
          JSON.stringify(sent.ref),
          sent.at,
        ],
      );
    }
    return true;
  });
}

/** Makes a notification due again at `dueAt`, noting why (a 429, a network error). */
export async function recordRetry(db: Db, claimed: ClaimedNotification, dueAt: Date, reason: string) {
  await db.query(`UPDATE chat_notifications SET next_attempt_at = $3, error = $4 WHERE ${HELD}`, [
    claimed.id,
    claimed.attempt,
    dueAt,
    reason,
  ]);
}

/** Parks a notification until the employee is reachable on its channel again (wakeWaitingNotifications). */
export async function recordWaiting(db: Db, claimed: ClaimedNotification, reason: string) {
  await db.query(
    `UPDATE chat_notifications SET status = 'waiting', next_attempt_at = NULL, error = $3 WHERE ${HELD}`,
    [claimed.id, claimed.attempt, reason],
  );
}

/** Gives a notification up for good (a 400, an inactive employee, retries used up), with the reason. */
export async function recordFailed(db: Db, claimed: ClaimedNotification, reason: string) {
  await db.query(
    `UPDATE chat_notifications SET status = 'failed', next_attempt_at = NULL, error = $3 WHERE ${HELD}`,
    [claimed.id, claimed.attempt, reason],
  );
}

/** Hands claimed notifications back untried (the attempt is not counted), due again at `dueAt`. */
export async function releaseNotifications(db: Db, claimed: readonly ClaimedNotification[], dueAt: Date) {
  for (const notification of claimed) {
    await db.query(
      `UPDATE chat_notifications SET attempt = attempt - 1, next_attempt_at = $3 WHERE ${HELD}`,
      [notification.id, notification.attempt, dueAt],
    );
  }
}
