import type { Customer, RecordStatus } from '@crm-bridge/core';
import type { Db } from '../db/db';
import { iso, isoOrNull } from './row-values';
import { lastPerKey, type UpsertCounts, upsertCounts } from './upsert-counts';

/** One mapped ERP customer/contact to store, with its raw payload and the hash of its content. */
export interface SourceRecordInput {
  /** The canonical record; its `externalId` is the key, its `sourceId` must equal the source written to. */
  customer: Customer;
  raw: unknown;
  contentHash: string;
}

/** A stored source record. */
export interface SourceRecord {
  id: number;
  source: string;
  stream: string;
  customer: Customer;
  raw: unknown;
  contentHash: string;
  profileId: string | null;
  /** The first profile the record belonged to (kept through merges; an undone merge revives it). */
  firstProfileId: string | null;
  firstSeenAt: string;
  updatedAt: string;
}

/*
 * Takes $1 source, $2 stream, $3 a JSON array of records (one text parameter: pg's array escaping is slow).
 * Rows whose stored hash equals the incoming one are dropped before the INSERT, so a no-change batch
 * locks and writes nothing (perf-facts: ON CONFLICT … WHERE still locks and dirties every row).
 * Returns one row: inserted, written (inserted + updated).
 */
const upsertSql = `
WITH input AS (
  SELECT * FROM json_to_recordset($3::json) AS r(
    external_id text, kind text, display_name text, legal_name text, emails text[], phones text[],
    tax_ids jsonb, addresses jsonb, organization_external_id text, status text,
    source_modified_at timestamptz, raw json, content_hash text)
), changed AS (
  SELECT i.* FROM input i
  WHERE NOT EXISTS (
    SELECT 1 FROM source_records s
    WHERE s.source = $1 AND s.stream = $2 AND s.external_id = i.external_id AND s.content_hash = i.content_hash)
), written AS (
  INSERT INTO source_records AS s (source, stream, external_id, kind, display_name, legal_name, emails, phones,
    tax_ids, addresses, organization_external_id, status, source_modified_at, raw, content_hash)
  SELECT $1, $2, external_id, kind, display_name, legal_name, coalesce(emails, '{}'), coalesce(phones, '{}'),
    coalesce(tax_ids, '[]'), coalesce(addresses, '[]'), organization_external_id, status, source_modified_at,
    raw, content_hash
  FROM changed
  ON CONFLICT (source, stream, external_id) DO UPDATE SET
    kind = excluded.kind, display_name = excluded.display_name, legal_name = excluded.legal_name,
    emails = excluded.emails, phones = excluded.phones, tax_ids = excluded.tax_ids,
    addresses = excluded.addresses, organization_external_id = excluded.organization_external_id,
    status = excluded.status, source_modified_at = excluded.source_modified_at, raw = excluded.raw,
    content_hash = excluded.content_hash, updated_at = now()
  RETURNING (s.xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) AS written FROM written`;

function assertSource(source: string, customer: Customer): void {
  if (customer.sourceId !== source) {
    throw new Error(`Record ${customer.externalId} belongs to source ${customer.sourceId}, not ${source}`);
  }
}

/**
 * Inserts new records, rewrites changed ones and leaves same-hash ones untouched, in one statement.
 * A repeated external id in the batch counts once (the last one wins).
 */
export async function upsertSourceRecords(
  db: Db,
  source: string,
  stream: string,
  records: readonly SourceRecordInput[],
): Promise<UpsertCounts> {
  const unique = lastPerKey(records, (record) => record.customer.externalId);
  if (unique.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const payload = unique.map(({ customer, raw, contentHash }) => {
    assertSource(source, customer);
    return {
      external_id: customer.externalId,
      kind: customer.kind,
      display_name: customer.displayName,
      legal_name: customer.legalName,
      emails: customer.emails,
      phones: customer.phones,
      tax_ids: customer.taxIds,
      addresses: customer.addresses,
      organization_external_id: customer.organizationExternalId,
      status: customer.status,
      source_modified_at: customer.sourceModifiedAt,
      raw: raw ?? null,
      content_hash: contentHash,
    };
  });
  const [row] = await db.query<{ inserted: number; written: number }>(upsertSql, [
    source,
    stream,
    JSON.stringify(payload),
  ]);
  return upsertCounts(unique.length, row?.inserted ?? 0, row?.written ?? 0);
}

interface SourceRecordRow {
  id: number;
  source: string;
  stream: string;
  external_id: string;
  kind: Customer['kind'];
  display_name: string;
  legal_name: string | null;
  emails: string[];
  phones: string[];
  tax_ids: Customer['taxIds'];
  addresses: Customer['addresses'];
  organization_external_id: string | null;
  status: RecordStatus;
  source_modified_at: Date | null;
  raw: unknown;
  content_hash: string;
  profile_id: string | null;
  first_profile_id: string | null;
  first_seen_at: Date;
  updated_at: Date;
}

const columnsWithoutRaw = `id, source, stream, external_id, kind, display_name, legal_name, emails, phones,
  tax_ids, addresses, organization_external_id, status, source_modified_at, content_hash, profile_id,
  first_profile_id, first_seen_at, updated_at`;
const columns = `${columnsWithoutRaw}, raw`;

function toSourceRecord(row: SourceRecordRow): SourceRecord {
  return {
    id: row.id,
    source: row.source,
    stream: row.stream,
    customer: {
      sourceId: row.source,
      externalId: row.external_id,
      kind: row.kind,
      displayName: row.display_name,
      legalName: row.legal_name,
      emails: row.emails,
      phones: row.phones,
      taxIds: row.tax_ids,
      addresses: row.addresses,
      organizationExternalId: row.organization_external_id,
      status: row.status,
      sourceModifiedAt: isoOrNull(row.source_modified_at),
    },
    raw: row.raw,
    contentHash: row.content_hash,
    profileId: row.profile_id,
    firstProfileId: row.first_profile_id,
    firstSeenAt: iso(row.first_seen_at),
    updatedAt: iso(row.updated_at),
  };
}

/** One source record by its ERP key, or null. */
export async function findSourceRecord(
  db: Db,
  source: string,
  stream: string,
  externalId: string,
): Promise<SourceRecord | null> {
  const rows = await db.query<SourceRecordRow>(
    `SELECT ${columns} FROM source_records WHERE source = $1 AND stream = $2 AND external_id = $3`,
    [source, stream, externalId],
  );
  return rows[0] ? toSourceRecord(rows[0]) : null;
}

/** Records by store id, without their raw payloads (what resolution and the customer card read), in id order. */
export async function loadSourceRecords(db: Db, ids: readonly number[]): Promise<SourceRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<SourceRecordRow>(
    `SELECT ${columnsWithoutRaw}, NULL AS raw FROM source_records
     WHERE id IN (SELECT json_array_elements_text($1::json)::bigint) ORDER BY id`,
    [JSON.stringify(ids)],
  );
  return rows.map(toSourceRecord);
}

/** A page of every record in id order, without raw payloads: a full resolution reads the store this way. */
export async function pageSourceRecords(db: Db, afterId: number, limit: number): Promise<SourceRecord[]> {
  const rows = await db.query<SourceRecordRow>(
    `SELECT ${columnsWithoutRaw}, NULL AS raw FROM source_records WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map(toSourceRecord);
}

/** Ids of records new or changed since they were last resolved, oldest first. */
export async function pendingSourceRecordIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM source_records WHERE resolved_hash IS DISTINCT FROM content_hash ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => Number(r.id));
}

/*
 * The hash is cleared so the record's next sighting counts as a change and brings it back to life,
 * even when its content is what it was before it vanished.
 */
const markDeletedSet = `status = 'deleted', content_hash = '', updated_at = now()`;

/** Marks the given records deleted (kept, never dropped); returns how many changed. */
export async function markDeleted(
  db: Db,
  source: string,
  stream: string,
  externalIds: readonly string[],
): Promise<number> {
  if (externalIds.length === 0) return 0;
  const rows = await db.query(
    `UPDATE source_records SET ${markDeletedSet}
     WHERE source = $1 AND stream = $2 AND status <> 'deleted'
       AND external_id IN (SELECT json_array_elements_text($3::json))
     RETURNING 1`,
    [source, stream, JSON.stringify(externalIds)],
  );
  return rows.length;
}

/**
 * After a full reconciliation read: marks deleted every record of the stream that was not seen.
 * An empty `seen` list is refused: an ERP answering nothing is likelier a fault than an empty catalogue.
 */
export async function markMissingDeleted(
  db: Db,
  source: string,
  stream: string,
  seenExternalIds: readonly string[],
): Promise<number> {
  if (seenExternalIds.length === 0) {
    throw new Error(`Refusing to mark every ${source}/${stream} record deleted from an empty read`);
  }
  const rows = await db.query(
    `WITH seen AS (SELECT json_array_elements_text($3::json) AS external_id),
     gone AS (
       SELECT s.id FROM source_records s LEFT JOIN seen USING (external_id)
       WHERE s.source = $1 AND s.stream = $2 AND s.status <> 'deleted' AND seen.external_id IS NULL)
     UPDATE source_records SET ${markDeletedSet} WHERE id IN (SELECT id FROM gone)
     RETURNING 1`,
    [source, stream, JSON.stringify(seenExternalIds)],
  );
  return rows.length;
}
