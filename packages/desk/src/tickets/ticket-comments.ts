import { CommentVisibility, StoredText } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { type Page, type PageRequest, pageOf, readPage, TimestampKey } from '../paging';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';
import { findTicketRow, lockTicketRow, type TicketView, toTicketView } from './ticket-rows';
import { announceTicketChange, type TicketColumns, updateTicketColumns } from './ticket-writes';

/** A comment to add: internal (the team) or public (a reply the customer sees). */
export const NewComment = z.strictObject({
  body: StoredText.trim().min(1).max(20_000),
  visibility: CommentVisibility.default('internal'),
});
export type NewComment = z.input<typeof NewComment>;

export interface TicketComment {
  id: string;
  ticketId: string;
  visibility: 'internal' | 'public';
  body: string;
  author: { id: string; name: string } | null;
  actor: { kind: string; id: string | null };
  channel: string;
  createdAt: string;
}

interface CommentRow {
  id: string;
  ticket_id: string;
  visibility: 'internal' | 'public';
  body: string;
  author_id: string | null;
  author_name: string | null;
  actor_kind: string;
  actor_id: string | null;
  channel: string;
  created_at: Date;
  /** created_at as Postgres prints it (microseconds kept): the cursor position. */
  at_key: string;
}

const COMMENT_SELECT = `
  SELECT c.id, c.ticket_id, c.visibility, c.body, c.author_id, e.name AS author_name, c.actor_kind, c.actor_id,
    c.channel, c.created_at, c.created_at::text AS at_key
  FROM ticket_comments c LEFT JOIN employees e ON e.id = c.author_id`;

function toComment(row: CommentRow): TicketComment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    visibility: row.visibility,
    body: row.body,
    author: row.author_id === null ? null : { id: row.author_id, name: row.author_name ?? row.author_id },
    actor: { kind: row.actor_kind, id: row.actor_id },
    channel: row.channel,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Comments on a ticket. The first public comment by a person is the ticket's first response (it stops
 * the first-response clock). The event and the history carry the comment's id, not its body.
 */
export async function commentOnTicket(
  db: Db,
  actor: DeskActor,
  ref: string,
  input: NewComment,
  options: AtTime = {},
): Promise<{ comment: TicketComment; ticket: TicketView }> {
  authorize(actor, 'tickets.write');
  const data = NewComment.parse(input);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockTicketRow(tx, ref);
    const before = toTicketView(row, now);
    const [inserted] = await tx.query<{ id: string }>(
      `INSERT INTO ticket_comments (ticket_id, visibility, body, author_id, actor_kind, actor_id, channel, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [row.id, data.visibility, data.body, actor.employeeId, actor.kind, actor.id, actor.channel, now],
    );
    const columns: TicketColumns = {};
    if (data.visibility === 'public' && actor.kind !== 'system' && row.first_responded_at === null) {
      columns.first_responded_at = now;
    }
    const after = toTicketView(await updateTicketColumns(tx, row.id, columns, now), now);
    const comment = { id: inserted!.id, visibility: data.visibility };
    await announceTicketChange(tx, actor, {
      before,
      after,
      kind: 'commented',
      event: 'commented',
      action: 'ticket.commented',
      data: { commentId: comment.id, visibility: comment.visibility, length: data.body.length },
      comment,
      at: now,
    });
    const [stored] = await tx.query<CommentRow>(`${COMMENT_SELECT} WHERE c.id = $1`, [comment.id]);
    return { comment: toComment(stored!), ticket: after };
  });
}

const CommentCursor = z.strictObject({ at: TimestampKey, id: z.uuid() });

/** A ticket's comments, oldest first. */
export async function listTicketComments(
  db: Db,
  actor: DeskActor,
  ref: string,
  page?: PageRequest,
): Promise<Page<TicketComment>> {
  authorize(actor, 'tickets.read');
  const { limit, after } = readPage(page, CommentCursor);
  const ticket = await findTicketRow(db, ref);
  const rows = await db.query<CommentRow>(
    `${COMMENT_SELECT}
     WHERE c.ticket_id = $1 AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid))
     ORDER BY c.created_at, c.id LIMIT $4`,
    [ticket.id, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  return pageOf(rows, limit, toComment, (row) => ({ at: row.at_key, id: row.id }));
}
