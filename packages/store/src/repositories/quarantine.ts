import type { Db } from '../db/db';
import { count, iso } from './row-values';

/** A record that failed validation, with why. */
export interface QuarantineInput {
  source: string;
  stream: string;
  /** Null when the record was too broken to read its id. */
  externalId: string | null;
  reason: string;
  /** Structured issues, e.g. zod issues with their paths. */
  issues?: unknown[];
  raw: unknown;
  runId?: number | null;
}

export interface QuarantineEntry {
  id: number;
  source: string;
  stream: string;
  externalId: string | null;
  reason: string;
  issues: unknown[];
  raw: unknown;
  runId: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** How many times this record arrived bad. */
  attempts: number;
}

export interface QuarantineFilter {
  source?: string;
  stream?: string;
}

/*
 * Takes $1 a JSON array of entries. A record already quarantined is updated in place (latest reason and
 * payload, attempts + 1). Identified records conflict on their external id; unidentified ones on their
 * content (migration 003), so re-reading the same broken record does not add a row each time.
 */
const quarantineSql = (identified: boolean) => `
INSERT INTO quarantine AS q (source, stream, external_id, reason, issues, raw, run_id)
SELECT source, stream, external_id, reason, coalesce(issues, '[]'), raw, run_id
FROM json_to_recordset($1::json) AS r(
  source text, stream text, external_id text, reason text, issues jsonb, raw json, run_id bigint)
ON CONFLICT ${identified ? '(source, stream, external_id)' : '(source, stream, md5(raw::text)) WHERE external_id IS NULL'}
DO UPDATE SET
  reason = excluded.reason, issues = excluded.issues, raw = excluded.raw, run_id = excluded.run_id,
  last_seen_at = now(), attempts = q.attempts + 1`;

/** Quarantines a batch of bad records; returns how many distinct records were written. */
export async function quarantineRecords(db: Db, entries: readonly QuarantineInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  // A record repeated in one batch is quarantined once (ON CONFLICT cannot touch a row twice).
  const byKey = new Map<string, QuarantineInput>();
  for (const entry of entries) {
    const identity =
      entry.externalId !== null ? `id:${entry.externalId}` : `raw:${JSON.stringify(entry.raw ?? null)}`;
    const key = JSON.stringify([entry.source, entry.stream, identity]);
    byKey.set(key, entry);
  }
  const payload = [...byKey.values()].map((entry) => ({
    source: entry.source,
    stream: entry.stream,
    external_id: entry.externalId,
    reason: entry.reason,
    issues: entry.issues ?? [],
    raw: entry.raw ?? null,
    run_id: entry.runId ?? null,
  }));
  for (const identified of [true, false]) {
    const part = payload.filter((entry) => (entry.external_id !== null) === identified);
    if (part.length > 0) await db.query(quarantineSql(identified), [JSON.stringify(part)]);
  }
  return payload.length;
}

/** Removes quarantine entries whose records have now arrived good; returns how many were cleared. */
export async function clearQuarantine(
  db: Db,
  source: string,
  stream: string,
  externalIds: readonly string[],
): Promise<number> {
  if (externalIds.length === 0) return 0;
  const rows = await db.query(
    `DELETE FROM quarantine WHERE source = $1 AND stream = $2
       AND external_id IN (SELECT json_array_elements_text($3::json)) RETURNING 1`,
    [source, stream, JSON.stringify(externalIds)],
  );
  return rows.length;
}

interface QuarantineRow {
  id: number;
  source: string;
  stream: string;
  external_id: string | null;
  reason: string;
  issues: unknown[];
  raw: unknown;
  run_id: number | null;
  first_seen_at: Date;
  last_seen_at: Date;
  attempts: number;
}

const filterSql = '($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR stream = $2)';

/** Quarantined records, most recently seen first; `before` continues after the last entry of a page. */
export async function listQuarantine(
  db: Db,
  filter: QuarantineFilter & { limit?: number; before?: { lastSeenAt: string; id: number } } = {},
): Promise<QuarantineEntry[]> {
  const rows = await db.query<QuarantineRow>(
    `SELECT id, source, stream, external_id, reason, issues, raw, run_id, first_seen_at, last_seen_at, attempts
     FROM quarantine WHERE ${filterSql}
       AND ($4::timestamptz IS NULL OR (last_seen_at, id) < ($4::timestamptz, $5::bigint))
     ORDER BY last_seen_at DESC, id DESC LIMIT $3`,
    [
      filter.source ?? null,
      filter.stream ?? null,
      filter.limit ?? 50,
      filter.before?.lastSeenAt ?? null,
      filter.before?.id ?? null,
    ],
  );
  return rows.map(toEntry);
}

/** One quarantined record by id, or null. */
export async function findQuarantineEntry(db: Db, id: number): Promise<QuarantineEntry | null> {
  const [row] = await db.query<QuarantineRow>(
    `SELECT id, source, stream, external_id, reason, issues, raw, run_id, first_seen_at, last_seen_at, attempts
     FROM quarantine WHERE id = $1`,
    [id],
  );
  return row ? toEntry(row) : null;
}

function toEntry(row: QuarantineRow): QuarantineEntry {
  return {
    id: row.id,
    source: row.source,
    stream: row.stream,
    externalId: row.external_id,
    reason: row.reason,
    issues: row.issues,
    raw: row.raw,
    runId: row.run_id,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    attempts: row.attempts,
  };
}

/** How many records are quarantined. */
export async function countQuarantine(db: Db, filter: QuarantineFilter = {}): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine WHERE ${filterSql}`, [
    filter.source ?? null,
    filter.stream ?? null,
  ]);
  return count(row?.n ?? 0);
}
