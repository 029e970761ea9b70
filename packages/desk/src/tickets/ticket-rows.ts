import {
  type Channel,
  type ChatThread,
  NotFoundError,
  type TicketPriority,
  type TicketStatus,
} from '@crm-bridge/core';
import type { Db, SqlParam } from '@crm-bridge/store';
import { preview } from '../audit';
import type { TicketEventSummary } from '../events';
import { formatTicketNumber, ticketKey } from './ticket-number';
import { slaState, type TicketSla } from './ticket-sla';

/** A ticket as the desk returns it: names resolved, the SLA read at the time asked. */
export interface TicketView {
  id: string;
  number: number;
  /** `T-1042`. */
  ref: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  customer: { id: string; name: string } | null;
  order: { id: number; source: string; number: string } | null;
  assignee: { id: string; name: string } | null;
  createdBy: { id: string; name: string } | null;
  channel: Channel;
  /** The chat thread it was opened from. */
  chatThread: ChatThread | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  sla: TicketSla;
}

/** The stored columns of a ticket and the names joined to it. */
export interface TicketRow {
  id: string;
  number: number;
  profile_id: string | null;
  customer_name: string | null;
  order_id: number | null;
  order_source: string | null;
  order_number: string | null;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  assignee_id: string | null;
  assignee_name: string | null;
  created_by: string | null;
  created_by_name: string | null;
  channel: Channel;
  chat_thread: ChatThread | null;
  first_response_risk_at: Date | null;
  first_response_due_at: Date | null;
  resolution_risk_at: Date | null;
  resolution_due_at: Date | null;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  sla_vip: boolean;
  sla_paused_at: Date | null;
  sla_paused_ms: number | string;
  created_at: Date;
  updated_at: Date;
}

/** The select list and joins every ticket read shares; `t` is the ticket. */
export const TICKET_SELECT = `
  SELECT t.id, t.number, t.profile_id, p.display_name AS customer_name, t.order_id,
    o.source AS order_source, o.number AS order_number, t.title, t.description, t.status, t.priority,
    t.assignee_id, a.name AS assignee_name, t.created_by, c.name AS created_by_name, t.channel, t.chat_thread,
    t.first_response_risk_at, t.first_response_due_at, t.resolution_risk_at, t.resolution_due_at,
    t.first_responded_at, t.resolved_at, t.closed_at, t.sla_vip, t.sla_paused_at, t.sla_paused_ms,
    t.created_at, t.updated_at
  FROM tickets t
  LEFT JOIN profiles p ON p.id = t.profile_id
  LEFT JOIN orders o ON o.id = t.order_id
  LEFT JOIN employees a ON a.id = t.assignee_id
  LEFT JOIN employees c ON c.id = t.created_by`;

/** SQL: a clock of ticket `t` ran out (before or after it stopped) by the time in parameter `$now`. */
export function breachedSql(now: string): string {
  return `(COALESCE(t.first_response_due_at < COALESCE(t.first_responded_at, ${now}), false)
    OR COALESCE(t.resolution_due_at < COALESCE(t.sla_paused_at, ${now}), false))`;
}

/** SQL: a running clock of ticket `t` is past its at-risk moment at `$now`, and nothing breached. */
export function atRiskSql(now: string): string {
  return `(NOT ${breachedSql(now)} AND (
    COALESCE(t.first_responded_at IS NULL AND t.first_response_risk_at <= ${now}, false)
    OR COALESCE(t.sla_paused_at IS NULL AND t.resolution_risk_at <= ${now}, false)))`;
}

const isoOrNull = (at: Date | null) => at?.toISOString() ?? null;

/** The SLA of a row read at `now`. */
export function rowSla(row: TicketRow, now: Date): TicketSla {
  return slaState(
    {
      status: row.status,
      vip: row.sla_vip,
      firstRespondedAt: row.first_responded_at,
      firstResponseRiskAt: row.first_response_risk_at,
      firstResponseDueAt: row.first_response_due_at,
      pausedAt: row.sla_paused_at,
      resolutionRiskAt: row.resolution_risk_at,
      resolutionDueAt: row.resolution_due_at,
    },
    now,
  );
}

export function toTicketView(row: TicketRow, now: Date): TicketView {
  const number = Number(row.number);
  return {
    id: row.id,
    number,
    ref: formatTicketNumber(number),
    subject: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    customer:
      row.profile_id === null ? null : { id: row.profile_id, name: row.customer_name ?? row.profile_id },
    order:
      row.order_id === null
        ? null
        : { id: Number(row.order_id), source: row.order_source ?? '', number: row.order_number ?? '' },
    assignee:
      row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id },
    createdBy:
      row.created_by === null ? null : { id: row.created_by, name: row.created_by_name ?? row.created_by },
    channel: row.channel,
    chatThread: row.chat_thread,
    firstRespondedAt: isoOrNull(row.first_responded_at),
    resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sla: rowSla(row, now),
  };
}

/** The ticket as events carry it. */
export function ticketEventSummary(view: TicketView): TicketEventSummary {
  return {
    id: view.id,
    number: view.ref,
    subject: view.subject,
    status: view.status,
    priority: view.priority,
    channel: view.channel,
    customer: view.customer,
    assignee: view.assignee,
    firstResponseDueAt: view.sla.firstResponse.dueAt,
    resolutionDueAt: view.sla.resolution.dueAt,
  };
}

/** The ticket as audit rows summarise it, before or after a change. */
export function ticketAuditSummary(view: TicketView): Record<string, unknown> {
  return {
    number: view.ref,
    subject: view.subject,
    description: preview(view.description),
    status: view.status,
    priority: view.priority,
    customerId: view.customer?.id ?? null,
    orderId: view.order?.id ?? null,
    assigneeId: view.assignee?.id ?? null,
  };
}

function notFound(ref: string): NotFoundError {
  return new NotFoundError(`no ticket ${ref}`, { code: 'desk.ticket_not_found', details: { ticket: ref } });
}

/** The WHERE clause and parameter that find a ticket by id or `T-1042`; null for a reference that is neither. */
function keyWhere(ref: string): { where: string; param: SqlParam } | null {
  const key = ticketKey(ref);
  if (key === null) return null;
  return 'id' in key ? { where: 't.id = $1', param: key.id } : { where: 't.number = $1', param: key.number };
}

/** A ticket by id or `T-1042`; NotFoundError when there is none. */
export async function findTicketRow(db: Db, ref: string): Promise<TicketRow> {
  const key = keyWhere(ref);
  const [row] = key ? await db.query<TicketRow>(`${TICKET_SELECT} WHERE ${key.where}`, [key.param]) : [];
  if (!row) throw notFound(ref);
  return row;
}

/** Like findTicketRow, and locks the ticket row until the transaction ends. */
export async function lockTicketRow(tx: Db, ref: string): Promise<TicketRow> {
  const key = keyWhere(ref);
  const [row] = key
    ? await tx.query<TicketRow>(`${TICKET_SELECT} WHERE ${key.where} FOR UPDATE OF t`, [key.param])
    : [];
  if (!row) throw notFound(ref);
  return row;
}

/** A ticket row by id (after a write in the same transaction). */
export async function ticketRowById(db: Db, id: string): Promise<TicketRow> {
  const [row] = await db.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1`, [id]);
  if (!row) throw notFound(id);
  return row;
}
