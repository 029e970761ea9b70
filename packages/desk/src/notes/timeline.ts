import { profileRef } from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { type Page, type PageRequest, pageOf, readPage, TimestampKey } from '../paging';
import { authorize } from '../permissions';
import { formatTicketNumber } from '../tickets/ticket-number';

/** One entry of a customer's timeline; `at` is when the order was placed, the ticket opened, the reminder set, the note's event happened. */
export type TimelineEntry =
  | {
      kind: 'order';
      id: string;
      at: string;
      order: {
        id: number;
        source: string;
        number: string;
        status: string;
        currency: string;
        total: string;
        deleted: boolean;
      };
    }
  | {
      kind: 'ticket';
      id: string;
      at: string;
      ticket: { number: string; subject: string; status: string; priority: string };
    }
  | {
      kind: 'reminder';
      id: string;
      at: string;
      reminder: { kind: string; text: string; dueAt: string; status: string; owner: string | null };
    }
  | {
      kind: 'note';
      id: string;
      at: string;
      note: { kind: string; body: string; author: string | null; channel: string };
    };

type Kind = TimelineEntry['kind'];

interface EntryRow {
  kind: Kind;
  key: string;
  at: Date;
  at_key: string;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
  f: string | null;
  g: string | null;
}

const TimelineCursor = z.strictObject({
  at: TimestampKey,
  kind: z.enum(['order', 'ticket', 'reminder', 'note']),
  key: z.string().max(64),
});

/*
 * One branch per kind, each already in timeline order and cut to the page, merged and cut again. The
 * order is (at DESC, kind DESC, key DESC), the same in every branch, so the cursor (the last entry's
 * at, kind and key) resumes exactly. $1 profile, $2 page size + 1, $3/$4/$5 the cursor or nulls.
 */
const before = (at: string, kind: string, key: string) =>
  `($3::timestamptz IS NULL OR (${at}, '${kind}', ${key}) < ($3::timestamptz, $4::text, $5::text))`;

const TIMELINE = `
  SELECT * FROM (
    (SELECT 'order' AS kind, o.id::text AS key, o.ordered_at AS at, o.ordered_at::text AS at_key,
       o.source AS a, o.number AS b, o.status AS c, o.currency AS d, o.total_amount::text AS e,
       o.record_status AS f, NULL AS g
     FROM orders o WHERE o.profile_id = $1 AND ${before('o.ordered_at', 'order', 'o.id::text')}
     ORDER BY o.ordered_at DESC, o.id::text DESC LIMIT $2)
    UNION ALL
    (SELECT 'ticket', t.id::text, t.created_at, t.created_at::text,
       t.number::text, t.title, t.status, t.priority, NULL, NULL, NULL
     FROM tickets t WHERE t.profile_id = $1 AND ${before('t.created_at', 'ticket', 't.id::text')}
     ORDER BY t.created_at DESC, t.id::text DESC LIMIT $2)
    UNION ALL
    (SELECT 'reminder', r.id::text, r.created_at, r.created_at::text,
       r.kind, r.text, to_json(r.due_at) #>> '{}', r.status, e.name, NULL, NULL
     FROM reminders r LEFT JOIN employees e ON e.id = r.employee_id
     WHERE r.profile_id = $1 AND ${before('r.created_at', 'reminder', 'r.id::text')}
     ORDER BY r.created_at DESC, r.id::text DESC LIMIT $2)
    UNION ALL
    (SELECT 'note', i.id::text, i.occurred_at, i.occurred_at::text,
       i.kind, i.body, e.name, i.channel, NULL, NULL, NULL
     FROM interactions i LEFT JOIN employees e ON e.id = i.author_id
     WHERE i.profile_id = $1 AND ${before('i.occurred_at', 'note', 'i.id::text')}
     ORDER BY i.occurred_at DESC, i.id::text DESC LIMIT $2)
  ) entries
  ORDER BY at DESC, kind DESC, key DESC
  LIMIT $2`;

function toEntry(row: EntryRow): TimelineEntry {
  const at = row.at.toISOString();
  switch (row.kind) {
    case 'order':
      return {
        kind: 'order',
        id: row.key,
        at,
        order: {
          id: Number(row.key),
          source: row.a ?? '',
          number: row.b ?? '',
          status: row.c ?? '',
          currency: row.d ?? '',
          total: row.e ?? '0',
          deleted: row.f === 'deleted',
        },
      };
    case 'ticket':
      return {
        kind: 'ticket',
        id: row.key,
        at,
        ticket: {
          number: formatTicketNumber(Number(row.a)),
          subject: row.b ?? '',
          status: row.c ?? '',
          priority: row.d ?? '',
        },
      };
    case 'reminder':
      return {
        kind: 'reminder',
        id: row.key,
        at,
        reminder: {
          kind: row.a ?? '',
          text: row.b ?? '',
          dueAt: row.c === null ? at : new Date(row.c).toISOString(),
          status: row.d ?? '',
          owner: row.e,
        },
      };
    case 'note':
      return {
        kind: 'note',
        id: row.key,
        at,
        note: { kind: row.a ?? '', body: row.b ?? '', author: row.c, channel: row.d ?? '' },
      };
  }
}

/**
 * A customer's one timeline — orders from every ERP, tickets, reminders and notes — newest first, a page
 * at a time (a merged id shows the surviving profile's).
 */
export async function timeline(
  db: Db,
  actor: DeskActor,
  profileId: string,
  page?: PageRequest,
): Promise<Page<TimelineEntry>> {
  authorize(actor, 'customers.read');
  const { limit, after } = readPage(page, TimelineCursor);
  const profile = await profileRef(db, profileId);
  const rows = await db.query<EntryRow>(TIMELINE, [
    profile.id,
    limit + 1,
    after?.at ?? null,
    after?.kind ?? null,
    after?.key ?? null,
  ]);
  return pageOf(rows, limit, toEntry, (row) => ({ at: row.at_key, kind: row.kind, key: row.key }));
}
