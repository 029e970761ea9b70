import { NotFoundError, type ReminderKind, type ReminderStatus } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import { formatTicketNumber } from '../tickets/ticket-number';

/** A reminder as the desk returns it, names resolved. */
export interface ReminderView {
  id: string;
  kind: ReminderKind;
  text: string;
  dueAt: string;
  status: ReminderStatus;
  owner: { id: string; name: string };
  customer: { id: string; name: string } | null;
  ticket: { id: string; number: string } | null;
  createdBy: { id: string; name: string } | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReminderRow {
  id: string;
  kind: ReminderKind;
  text: string;
  due_at: Date;
  /** due_at as Postgres prints it: the cursor position. */
  due_key: string;
  status: ReminderStatus;
  employee_id: string;
  owner_name: string;
  profile_id: string | null;
  customer_name: string | null;
  ticket_id: string | null;
  ticket_number: number | null;
  created_by: string | null;
  created_by_name: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const REMINDER_SELECT = `
  SELECT r.id, r.kind, r.text, r.due_at, r.due_at::text AS due_key, r.status, r.employee_id, o.name AS owner_name,
    r.profile_id, p.display_name AS customer_name, r.ticket_id, t.number AS ticket_number, r.created_by,
    c.name AS created_by_name, r.sent_at, r.created_at, r.updated_at
  FROM reminders r
  JOIN employees o ON o.id = r.employee_id
  LEFT JOIN profiles p ON p.id = r.profile_id
  LEFT JOIN tickets t ON t.id = r.ticket_id
  LEFT JOIN employees c ON c.id = r.created_by`;

export function toReminderView(row: ReminderRow): ReminderView {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    dueAt: row.due_at.toISOString(),
    status: row.status,
    owner: { id: row.employee_id, name: row.owner_name },
    customer:
      row.profile_id === null ? null : { id: row.profile_id, name: row.customer_name ?? row.profile_id },
    ticket:
      row.ticket_id === null || row.ticket_number === null
        ? null
        : { id: row.ticket_id, number: formatTicketNumber(Number(row.ticket_number)) },
    createdBy:
      row.created_by === null ? null : { id: row.created_by, name: row.created_by_name ?? row.created_by },
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A reminder by id (locked in a transaction when asked); NotFoundError when there is none. */
export async function reminderRow(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ReminderRow> {
  const [row] = z.uuid().safeParse(id).success
    ? await db.query<ReminderRow>(
        `${REMINDER_SELECT} WHERE r.id = $1${options.lock ? ' FOR UPDATE OF r' : ''}`,
        [id],
      )
    : [];
  if (!row) throw new NotFoundError(`no reminder ${id}`, { code: 'desk.reminder_not_found' });
  return row;
}

/** The reminder as audit rows summarise it. */
export function reminderAuditSummary(view: ReminderView): Record<string, unknown> {
  return { status: view.status, dueAt: view.dueAt, ownerId: view.owner.id, kind: view.kind };
}
