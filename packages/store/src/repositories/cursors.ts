import type { Db } from '../db/db';
import { iso } from './row-values';

/** Where a stream's incremental read got to: any JSON the connector understands. */
export interface StoredCursor<C = unknown> {
  source: string;
  stream: string;
  cursor: C;
  runId: number | null;
  updatedAt: string;
}

interface CursorRow {
  source: string;
  stream: string;
  cursor: unknown;
  run_id: number | null;
  updated_at: Date;
}

/** The saved cursor of a stream, or null before its first committed page. */
export async function getCursor<C = unknown>(
  db: Db,
  source: string,
  stream: string,
): Promise<StoredCursor<C> | null> {
  const [row] = await db.query<CursorRow>(
    'SELECT source, stream, cursor, run_id, updated_at FROM sync_cursors WHERE source = $1 AND stream = $2',
    [source, stream],
  );
  if (!row) return null;
  return {
    source: row.source,
    stream: row.stream,
    cursor: row.cursor as C,
    runId: row.run_id,
    updatedAt: iso(row.updated_at),
  };
}

/**
 * Saves a stream's cursor. It must be the transaction that wrote the page the cursor follows,
 * so a crash can never leave a cursor ahead of its rows; a plain handle is refused.
 */
export async function saveCursor(
  tx: Db,
  input: { source: string; stream: string; cursor: unknown; runId: number | null },
): Promise<void> {
  if (!tx.inTransaction) {
    throw new Error('saveCursor needs the transaction that wrote the page it follows');
  }
  await tx.query(
    `INSERT INTO sync_cursors (source, stream, cursor, run_id) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (source, stream) DO UPDATE
       SET cursor = excluded.cursor, run_id = excluded.run_id, updated_at = now()`,
    [input.source, input.stream, JSON.stringify(input.cursor), input.runId],
  );
}

/** Forgets a stream's cursor, so its next sync reads it in full. */
export async function resetCursor(db: Db, source: string, stream: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM sync_cursors WHERE source = $1 AND stream = $2 RETURNING 1', [
    source,
    stream,
  ]);
  return rows.length > 0;
}
