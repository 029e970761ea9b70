import { TicketPriority, TicketStatus } from '@crm-bridge/core';
import { isProfileId, liveProfileIdSql } from '@crm-bridge/profiles';
import type { Db, SqlParam } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { type Page, type PageRequest, pageOf, readPage } from '../paging';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';
import {
  atRiskSql,
  breachedSql,
  findTicketRow,
  TICKET_SELECT,
  type TicketRow,
  type TicketView,
  toTicketView,
} from './ticket-rows';

/** A ticket by id or `T-1042`, with its SLA read at `now`. */
export async function getTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  options: AtTime = {},
): Promise<TicketView> {
  authorize(actor, 'tickets.read');
  return toTicketView(await findTicketRow(db, ref), options.now ?? new Date());
}

/** Which tickets a list holds; every filter given must hold. */
export const TicketFilter = z.strictObject({
  status: z.array(TicketStatus).min(1).optional(),
  priority: z.array(TicketPriority).min(1).optional(),
  /** An employee's tickets; null: the unassigned ones. */
  assigneeId: z.uuid().nullable().optional(),
  /** A customer's tickets (a merged id finds the survivor's). */
  profileId: z.string().max(100).optional(),
  atRisk: z.boolean().optional(),
  breached: z.boolean().optional(),
});
export type TicketFilter = z.input<typeof TicketFilter>;

const TicketCursor = z.strictObject({ n: z.int().positive() });

/** Tickets newest first (by number), filtered, a page at a time; SLA flags as of `now`. */
export async function listTickets(
  db: Db,
  actor: DeskActor,
  filter: TicketFilter = {},
  page?: PageRequest,
  options: AtTime = {},
): Promise<Page<TicketView>> {
  authorize(actor, 'tickets.read');
  const f = TicketFilter.parse(filter);
  const { limit, after } = readPage(page, TicketCursor);
  const now = options.now ?? new Date();
  // A text that is no profile id finds nothing; a merged id finds the survivor's, inside the statement.
  if (f.profileId !== undefined && !isProfileId(f.profileId)) return { items: [], nextCursor: null };
  const params: SqlParam[] = [limit + 1];
  const where: string[] = [];
  const bind = (value: SqlParam) => `$${params.push(value)}`;
  let at: string | null = null;
  const nowParam = () => {
    at ??= `${bind(now)}::timestamptz`;
    return at;
  };
  if (after) where.push(`t.number < ${bind(after.n)}`);
  if (f.status) where.push(`t.status = ANY(${bind(f.status)}::text[])`);
  if (f.priority) where.push(`t.priority = ANY(${bind(f.priority)}::text[])`);
  if (f.assigneeId === null) where.push('t.assignee_id IS NULL');
  else if (f.assigneeId !== undefined) where.push(`t.assignee_id = ${bind(f.assigneeId)}`);
  if (f.profileId !== undefined)
    where.push(`t.profile_id = ${liveProfileIdSql(bind(f.profileId.toLowerCase()))}`);
  if (f.atRisk !== undefined) where.push(`${f.atRisk ? '' : 'NOT '}${atRiskSql(nowParam())}`);
  if (f.breached !== undefined) where.push(`${f.breached ? '' : 'NOT '}${breachedSql(nowParam())}`);
  const rows = await db.query<TicketRow>(
    `${TICKET_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.number DESC LIMIT $1`,
    params,
  );
  return pageOf(
    rows,
    limit,
    (row) => toTicketView(row, now),
    (row) => ({ n: Number(row.number) }),
  );
}

/** One line of a ticket's history. */
export interface TicketHistoryEntry {
  id: number;
  kind: string;
  actor: { kind: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
  at: string;
}

const HistoryCursor = z.strictObject({ id: z.int().positive() });

/** A ticket's full history (created, changes, assignments, status moves, comments, SLA warnings), oldest first. */
export async function ticketHistory(
  db: Db,
  actor: DeskActor,
  ref: string,
  page?: PageRequest,
): Promise<Page<TicketHistoryEntry>> {
  authorize(actor, 'tickets.read');
  const { limit, after } = readPage(page, HistoryCursor);
  const ticket = await findTicketRow(db, ref);
  const rows = await db.query<{
    id: number;
    kind: string;
    actor_kind: string;
    actor_id: string | null;
    actor_name: string | null;
    data: Record<string, unknown>;
    at: Date;
  }>(
    `SELECT v.id, v.kind, v.actor_kind, v.actor_id, e.name AS actor_name, v.data, v.at
     FROM ticket_events v
     LEFT JOIN employees e ON v.actor_kind = 'employee' AND e.id::text = v.actor_id
     WHERE v.ticket_id = $1 AND v.id > $2
     ORDER BY v.id LIMIT $3`,
    [ticket.id, after?.id ?? 0, limit + 1],
  );
  return pageOf(
    rows,
    limit,
    (row) => ({
      id: Number(row.id),
      kind: row.kind,
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
      data: row.data,
      at: row.at.toISOString(),
    }),
    (row) => ({ id: Number(row.id) }),
  );
}
