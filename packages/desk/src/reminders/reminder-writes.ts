import type { ReminderKind } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { type DeskActor, systemActor } from '../actor';
import { auditDesk, preview } from '../audit';

/** A reminder row to write. */
export interface ReminderInsert {
  ownerId: string;
  kind: ReminderKind;
  text: string;
  dueAt: Date;
  profileId: string | null;
  ticketId: string | null;
  createdBy: string | null;
  /** A sweep's key for the cause: a second reminder for the same cause is not written. */
  dedupeKey?: string;
  now: Date;
}

/** Writes a reminder and its audit row; null when a reminder with the same dedupe key exists. */
export async function insertReminder(
  tx: Db,
  input: ReminderInsert,
  actor: DeskActor = systemActor,
): Promise<string | null> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO reminders (employee_id, kind, text, due_at, profile_id, ticket_id, created_by, dedupe_key,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      input.ownerId,
      input.kind,
      input.text,
      input.dueAt,
      input.profileId,
      input.ticketId,
      input.createdBy,
      input.dedupeKey ?? null,
      input.now,
    ],
  );
  if (!row) return null;
  await auditDesk(tx, actor, {
    action: 'reminder.created',
    target: { kind: 'reminder', id: row.id },
    after: {
      kind: input.kind,
      ownerId: input.ownerId,
      text: preview(input.text),
      dueAt: input.dueAt.toISOString(),
      profileId: input.profileId,
      ticketId: input.ticketId,
    },
  });
  return row.id;
}
