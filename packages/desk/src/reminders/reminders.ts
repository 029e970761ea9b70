import { ConflictError, NotFoundError, StoredText, Timestamp } from '@crm-bridge/core';
import { profileRef } from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { auditDesk } from '../audit';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';
import { findTicketRow } from '../tickets/ticket-rows';
import { type ReminderView, reminderAuditSummary, reminderRow, toReminderView } from './reminder-rows';
import { insertReminder } from './reminder-writes';

const When = z.union([z.date(), Timestamp.transform((text) => new Date(text))]);

/** A reminder to set: for yourself, or (a manager) for someone else. */
export const NewReminder = z.strictObject({
  text: StoredText.trim().min(1).max(2000),
  dueAt: When,
  /** The employee to remind; yourself when left out. */
  ownerId: z.uuid().optional(),
  /** The customer it is about (a merged id leads to the survivor); the ticket's customer when left out. */
  profileId: z.string().max(100).nullish(),
  /** The ticket it is about: its id or `T-1042`. */
  ticket: z.string().max(100).nullish(),
  kind: z.enum(['manual', 'follow_up']).default('manual'),
});
export type NewReminder = z.input<typeof NewReminder>;

function ownerRequired(): z.ZodError {
  return new z.ZodRealError([
    {
      code: 'custom',
      path: ['ownerId'],
      message: 'This actor is no employee: name the employee to remind',
      input: undefined,
    },
  ]);
}

/** The employee to remind: exists and is active. */
async function checkOwner(db: Db, id: string): Promise<void> {
  const [row] = await db.query<{ name: string; active: boolean }>(
    `SELECT name, active FROM employees WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFoundError(`no employee ${id}`, { code: 'desk.employee_not_found' });
  if (!row.active) throw new ConflictError(`${row.name} is deactivated`, { code: 'desk.owner_inactive' });
}

/** Sets a reminder; agents set their own, managers anyone's. */
export async function createReminder(
  db: Db,
  actor: DeskActor,
  input: NewReminder,
  options: AtTime = {},
): Promise<ReminderView> {
  authorize(actor, 'reminders.own');
  const data = NewReminder.parse(input);
  const ownerId = data.ownerId ?? actor.employeeId;
  if (ownerId === null) throw ownerRequired();
  if (ownerId !== actor.employeeId) authorize(actor, 'reminders.any');
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    await checkOwner(tx, ownerId);
    const ticket = data.ticket ? await findTicketRow(tx, data.ticket) : null;
    const profileId = data.profileId
      ? (await profileRef(tx, data.profileId)).id
      : (ticket?.profile_id ?? null);
    const id = await insertReminder(
      tx,
      {
        ownerId,
        kind: data.kind,
        text: data.text,
        dueAt: data.dueAt,
        profileId,
        ticketId: ticket?.id ?? null,
        createdBy: actor.employeeId,
        now,
      },
      actor,
    );
    return toReminderView(await reminderRow(tx, id!));
  });
}

/** Runs a change on one reminder: its owner (reminders.own) or a manager (reminders.any); done and cancelled ones are final. */
async function changeReminder(
  db: Db,
  actor: DeskActor,
  id: string,
  action: string,
  columns: (row: ReminderView) => { status: string; due_at?: Date; sent_at?: null },
  now: Date,
): Promise<ReminderView> {
  authorize(actor, 'reminders.own');
  return db.transaction(async (tx) => {
    const before = toReminderView(await reminderRow(tx, id, { lock: true }));
    if (before.owner.id !== actor.employeeId) authorize(actor, 'reminders.any');
    if (before.status === 'done' || before.status === 'cancelled') {
      throw new ConflictError(`the reminder is ${before.status} already`, {
        code: 'desk.reminder_closed',
        details: { status: before.status },
      });
    }
    const set = columns(before);
    await tx.query(
      `UPDATE reminders SET status = $2, due_at = COALESCE($3, due_at),
         sent_at = CASE WHEN $4 THEN NULL ELSE sent_at END, updated_at = $5
       WHERE id = $1`,
      [before.id, set.status, set.due_at ?? null, set.sent_at === null, now],
    );
    const after = toReminderView(await reminderRow(tx, before.id));
    await auditDesk(tx, actor, {
      action,
      target: { kind: 'reminder', id: before.id },
      before: reminderAuditSummary(before),
      after: reminderAuditSummary(after),
    });
    return after;
  });
}

/** Moves a reminder to a later time; it is pending again and will be sent again when due. */
export async function snoozeReminder(
  db: Db,
  actor: DeskActor,
  id: string,
  until: Date | string,
  options: AtTime = {},
): Promise<ReminderView> {
  const now = options.now ?? new Date();
  const due = When.parse(until);
  if (due.getTime() <= now.getTime()) {
    throw new z.ZodRealError([
      { code: 'custom', path: ['until'], message: 'Snooze to a time in the future', input: until },
    ]);
  }
  return changeReminder(
    db,
    actor,
    id,
    'reminder.snoozed',
    () => ({ status: 'pending', due_at: due, sent_at: null }),
    now,
  );
}

/** Marks a reminder done. */
export function completeReminder(
  db: Db,
  actor: DeskActor,
  id: string,
  options: AtTime = {},
): Promise<ReminderView> {
  return changeReminder(
    db,
    actor,
    id,
    'reminder.done',
    () => ({ status: 'done' }),
    options.now ?? new Date(),
  );
}

/** Cancels a reminder. */
export function cancelReminder(
  db: Db,
  actor: DeskActor,
  id: string,
  options: AtTime = {},
): Promise<ReminderView> {
  return changeReminder(
    db,
    actor,
    id,
    'reminder.cancelled',
    () => ({ status: 'cancelled' }),
    options.now ?? new Date(),
  );
}
