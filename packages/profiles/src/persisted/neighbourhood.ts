import type { Db, SourceRecord } from '@crm-bridge/store';
import { loadSourceRecords } from '@crm-bridge/store';
import type { KeyPolicy } from '../keys/key-policy';
import { analyseKeys } from '../keys/linking-keys';
import { fromStoredKey, keyId, type StoredKey, toStoredKey } from './store-keys';
import { isOwnReference } from './write-resolution';

/** The records one resolution pass re-resolves, and what it must know of the store beyond them. */
export interface Neighbourhood {
  records: SourceRecord[];
  /** Keys with more holders than were loaded: `kind:value` → holders found (at least the cap). */
  tooCommon: Map<string, number>;
  /** Manual decisions among the records. */
  merges: [number, number][];
  neverMerges: [number, number][];
  splits: number[];
}

export interface NeighbourhoodOptions {
  policy: KeyPolicy;
  /** A key with more holders than this is not followed (it is too common to link anyway). */
  holderCap: number;
}

const json = (ids: Iterable<number>) => JSON.stringify([...ids]);

/**
 * Grows the pending records into everything their resolution can change: the holders of each key they
 * hold now or held before, every record of a profile any of them is in, the partners of manual
 * decisions, and a person's organisation record, until nothing new comes in. Resolving that closed set
 * gives the same profiles as resolving the whole store would.
 */
export async function loadNeighbourhood(
  db: Db,
  pending: readonly number[],
  options: NeighbourhoodOptions,
): Promise<Neighbourhood> {
  const byId = new Map<number, SourceRecord>();
  const tooCommon = new Map<string, number>();
  let frontier = [...new Set(pending)];
  while (frontier.length > 0) {
    const loaded = await loadSourceRecords(db, frontier);
    for (const record of loaded) byId.set(record.id, record);
    const keys = new Map<string, StoredKey>();
    for (const record of loaded) {
      for (const key of analyseKeys(record.customer, options.policy).keys) {
        if (isOwnReference(record, key)) continue;
        const storedKey = toStoredKey(key);
        keys.set(`${storedKey.kind}\u0000${storedKey.value}`, storedKey);
      }
    }
    const ids = json(loaded.map((r) => r.id));
    const stored = await db.query<StoredKey>(
      `SELECT DISTINCT kind, value FROM profile_keys WHERE source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)`,
      [ids],
    );
    for (const key of stored) keys.set(`${key.kind}\u0000${key.value}`, key);
    const found = new Set<number>();
    for (const id of await keyHolders(db, [...keys.values()], options.holderCap, tooCommon)) found.add(id);
    const related = await db.query<{ id: number }>(
      `SELECT s.id FROM source_records s
       WHERE s.profile_id IN (
         SELECT profile_id FROM source_records WHERE id IN (SELECT json_array_elements_text($1::json)::bigint))
       UNION
       SELECT CASE WHEN l.source_record_id = t.id THEN l.other_source_record_id ELSE l.source_record_id END
       FROM profile_links l JOIN (SELECT json_array_elements_text($1::json)::bigint AS id) t
         ON t.id IN (l.source_record_id, l.other_source_record_id)
       WHERE l.revoked_at IS NULL AND l.decision = 'merge'
       UNION
       SELECT o.id FROM source_records p
       JOIN source_records o ON o.source = p.source AND o.external_id = p.organization_external_id
         AND o.kind = 'organization'
       WHERE p.id IN (SELECT json_array_elements_text($1::json)::bigint)`,
      [ids],
    );
    for (const { id } of related) found.add(Number(id));
    frontier = [...found].filter((id) => !byId.has(id));
  }
  const records = [...byId.values()].sort((a, b) => a.id - b.id);
  return {
    records,
    tooCommon,
    ...(await manualDecisions(
      db,
      records.map((r) => r.id),
    )),
  };
}

/**
 * Every record holding one of the keys; a key with more than `cap` holders adds none of them and is
 * noted in `tooCommon` with the holders counted up to cap + 1.
 */
async function keyHolders(
  db: Db,
  keys: readonly StoredKey[],
  cap: number,
  tooCommon: Map<string, number>,
): Promise<number[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<{ kind: StoredKey['kind']; value: string; ids: number[] }>(
    `SELECT k.kind, k.value, h.ids FROM json_to_recordset($1::json) AS k(kind text, value text)
     CROSS JOIN LATERAL (
       SELECT array_agg(source_record_id) AS ids FROM (
         SELECT source_record_id FROM profile_keys p WHERE p.kind = k.kind AND p.value = k.value LIMIT $2) l
     ) h
     WHERE h.ids IS NOT NULL`,
    [JSON.stringify(keys), cap + 1],
  );
  const holders: number[] = [];
  for (const row of rows) {
    if (row.ids.length > cap) tooCommon.set(keyId(fromStoredKey(row)), row.ids.length);
    else for (const id of row.ids) holders.push(Number(id));
  }
  return holders;
}

async function manualDecisions(db: Db, ids: readonly number[]) {
  const rows = await db.query<{ decision: string; a: number; b: number | null }>(
    `SELECT decision, source_record_id AS a, other_source_record_id AS b FROM profile_links
     WHERE revoked_at IS NULL AND (
       source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)
       OR other_source_record_id IN (SELECT json_array_elements_text($1::json)::bigint))
     ORDER BY id`,
    [json(ids)],
  );
  const inSet = new Set(ids);
  const merges: [number, number][] = [];
  const neverMerges: [number, number][] = [];
  const splits: number[] = [];
  for (const { decision, a, b } of rows) {
    if (decision === 'split') {
      if (inSet.has(Number(a))) splits.push(Number(a));
    } else if (b !== null && inSet.has(Number(a)) && inSet.has(Number(b))) {
      (decision === 'merge' ? merges : neverMerges).push([Number(a), Number(b)]);
    }
  }
  return { merges, neverMerges, splits };
}
