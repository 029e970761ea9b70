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

/** Duplicate (source, stream, external id) rows: must always be none. */
export async function duplicateRows(db: Db, source: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM source_records WHERE source = $1 GROUP BY stream, external_id HAVING count(*) > 1
       UNION ALL SELECT 1 FROM orders WHERE source = $1 GROUP BY external_id HAVING count(*) > 1) d`,
    [source],
  );
  return row?.n ?? 0;
}
