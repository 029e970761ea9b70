import type { Db } from '@crm-bridge/store';

/** One stored row as the conformance suite compares it: identity, content and status. */
export interface SnapshotRow {
  stream: string;
  externalId: string;
  contentHash: string;
  status: string;
}

/** Every record and order of a source, sorted, for exact comparison of two stores. */
export async function storeSnapshot(db: Db, source: string): Promise<SnapshotRow[]> {
  const records = await db.query<SnapshotRow>(
    `SELECT stream, external_id AS "externalId", content_hash AS "contentHash", status FROM source_records
     WHERE source = $1
     UNION ALL
     SELECT 'orders', external_id, content_hash, record_status FROM orders WHERE source = $1
     ORDER BY 1, 2`,
    [source],
  );
  return records;
}

/** Live (not deleted) external ids of one stream, sorted. */
export async function storedIds(db: Db, source: string, stream: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    stream === 'orders'
      ? `SELECT external_id AS id FROM orders WHERE source = $1 AND record_status <> 'deleted' AND $2::text IS NOT NULL ORDER BY 1`
      : `SELECT external_id AS id FROM source_records WHERE source = $1 AND stream = $2 AND status <> 'deleted' ORDER BY 1`,
    [source, stream],
  );
  return rows.map((row) => row.id);
}

/**
 * Rows the runs say they inserted against rows actually stored: a record written twice under two keys, or
 * a page committed without its counts (or counted without its rows), makes them differ.
 */
export async function insertedVersusStored(
  db: Db,
  source: string,
): Promise<{ inserted: number; stored: number }> {
  const [row] = await db.query<{ inserted: number; stored: number }>(
    `SELECT (SELECT coalesce(sum(inserted), 0)::int FROM sync_runs WHERE source = $1) AS inserted,
            ((SELECT count(*) FROM source_records WHERE source = $1)
              + (SELECT count(*) FROM orders WHERE source = $1))::int AS stored`,
    [source],
  );
  return row ?? { inserted: 0, stored: 0 };
}

/** When each stored row was last written: a no-change sync must leave every one as it was. */
export async function writeTimes(db: Db, source: string): Promise<string[]> {
  const rows = await db.query<{ row: string }>(
    `SELECT stream || '/' || external_id || '@' || updated_at::text AS row FROM source_records WHERE source = $1
     UNION ALL SELECT 'orders/' || external_id || '@' || updated_at::text FROM orders WHERE source = $1
     ORDER BY 1`,
    [source],
  );
  return rows.map((r) => r.row);
}
