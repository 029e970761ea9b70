import { ReminderStatus } from '@crm-bridge/core';
import { findProfileRef } from '@crm-bridge/profiles';
import type { Db, SqlParam } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { type Page, type PageRequest, pageOf, readPage, TimestampKey } from '../paging';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';
import { findTicketRow } from '../tickets/ticket-rows';
import {
  REMINDER_SELECT,
  type ReminderRow,
  type ReminderView,
  reminderRow,
  toReminderView,
} from './reminder-rows';

/** Which reminders a list holds. */
export const ReminderFilter = z.strictObject({
  /** `me` (the default): your own; `all`: everyone's; or an employee id. Others' need reminders.any. */
  owner: z.union([z.literal('me'), z.literal('all'), z.uuid()]).default('me'),
  /** Pending and sent (not yet done or cancelled) when left out. */
  status: z.array(ReminderStatus).min(1).default(['pending', 'sent']),
  /** Only reminders due by now. */
  due: z.boolean().default(false),
  profileId: z.string().max(100).optional(),
  /** A ticket's id or `T-1042`. */
  ticket: z.string().max(100).optional(),
});
export type ReminderFilter = z.input<typeof ReminderFilter>;

const ReminderCursor = z.strictObject({ due: TimestampKey, id: z.uuid() });

/** Reminders soonest due first, a page at a time: your own, or (a manager) anyone's. */
export async function listReminders(
  db: Db,
  actor: DeskActor,
  filter: ReminderFilter = {},
  page?: PageRequest,
  options: AtTime = {},
): Promise<Page<ReminderView>> {
  authorize(actor, 'reminders.own');
  const f = ReminderFilter.parse(filter);
  const { limit, after } = readPage(page, ReminderCursor);
  let owner: string | null;
  if (f.owner === 'me') {
    if (actor.employeeId === null) {
      throw new z.ZodRealError([
        {
          code: 'custom',
          path: ['owner'],
          message: 'This actor is no employee: ask for all or an employee id',
          input: 'me',
        },
      ]);
    }
    owner = actor.employeeId;
  } else {
    owner = f.owner === 'all' ? null : f.owner;
    if (owner !== actor.employeeId) authorize(actor, 'reminders.any');
  }
  const params: SqlParam[] = [limit + 1, f.status];
  const where = ['r.status = ANY($2::text[])'];
  const bind = (value: SqlParam) => `$${params.push(value)}`;
  if (owner !== null) where.push(`r.employee_id = ${bind(owner)}`);
  if (f.due) where.push(`r.due_at <= ${bind(options.now ?? new Date())}`);
  if (f.profileId !== undefined) {
    const ref = await findProfileRef(db, f.profileId);
    if (!ref) return { items: [], nextCursor: null };
    where.push(`r.profile_id = ${bind(ref.id)}`);
  }
  if (f.ticket !== undefined) where.push(`r.ticket_id = ${bind((await findTicketRow(db, f.ticket)).id)}`);
  if (after) where.push(`(r.due_at, r.id) > (${bind(after.due)}::timestamptz, ${bind(after.id)}::uuid)`);
  const rows = await db.query<ReminderRow>(
    `${REMINDER_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.due_at, r.id LIMIT $1`,
    params,
  );
  return pageOf(rows, limit, toReminderView, (row) => ({ due: row.due_key, id: row.id }));
}

/** Your reminders that are due (pending or sent, due by now). */
export function dueReminders(
  db: Db,
  actor: DeskActor,
  page?: PageRequest,
  options: AtTime = {},
): Promise<Page<ReminderView>> {
  return listReminders(db, actor, { owner: 'me', due: true }, page, options);
}

/** One reminder: your own, or (a manager) anyone's. */
export async function getReminder(db: Db, actor: DeskActor, id: string): Promise<ReminderView> {
  authorize(actor, 'reminders.own');
  const view = toReminderView(await reminderRow(db, id));
  if (view.owner.id !== actor.employeeId) authorize(actor, 'reminders.any');
  return view;
}
