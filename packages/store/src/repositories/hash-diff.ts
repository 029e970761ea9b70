import type { Db } from '../db/db';
import { lastPerKey, type UpsertCounts } from './upsert-counts';

/*
 * Takes $1 source, $2 stream (ignored for orders), $3 a JSON array of {external_id, content_hash}.
 * Returns how many are new, how many differ from the stored hash, how many are the same. Reads only.
 */
const diffSql = (table: 'source_records' | 'orders') => `
SELECT count(*) FILTER (WHERE s.external_id IS NULL)::int AS inserted,
       count(*) FILTER (WHERE s.external_id IS NOT NULL AND s.content_hash <> i.content_hash)::int AS updated,
       count(*) FILTER (WHERE s.content_hash = i.content_hash)::int AS unchanged
FROM json_to_recordset($3::json) AS i(external_id text, content_hash text)
LEFT JOIN ${table} s ON s.source = $1 AND s.external_id = i.external_id
  ${table === 'source_records' ? 'AND s.stream = $2' : 'AND $2::text IS NOT NULL'}`;

/** What an upsert of these records would do, without writing: for a dry run. */
export async function diffByHash(
  db: Db,
  kind: 'customer' | 'order',
  source: string,
  stream: string,
  records: readonly { externalId: string; contentHash: string }[],
): Promise<UpsertCounts> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  // A record repeated in the page counts once, as the upsert would count it.
  const payload = lastPerKey(records, (record) => record.externalId).map((record) => ({
    external_id: record.externalId,
    content_hash: record.contentHash,
  }));
  const [row] = await db.query<UpsertCounts>(diffSql(kind === 'order' ? 'orders' : 'source_records'), [
    source,
    stream,
    JSON.stringify(payload),
  ]);
  return row ?? { inserted: 0, updated: 0, unchanged: 0 };
}
