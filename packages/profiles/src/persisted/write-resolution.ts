import { randomUUID } from 'node:crypto';
import { type AuditActor, copyText, type Db, type SourceRecord } from '@crm-bridge/store';
import type { KeyAnalysis } from '../keys/linking-keys';
import type { Link, Resolution } from '../resolution/resolution-types';
import { withIndexesRebuilt } from './bulk-indexes';
import { type GoldenRecord, goldenRecord } from './golden-record';
import { assignProfileIds, type ExistingProfile } from './profile-ids';
import { toStoredKey } from './store-keys';

/** Who a pass acts for: the sync (system), or a person's manual decision. */
export type ResolutionActor = AuditActor;

export interface WriteContext {
  priorities: ReadonlyMap<string, number>;
  actor: ResolutionActor;
  /** The records are the whole store: keys, refusals and order links are rewritten without per-record filters. */
  whole?: boolean;
}

export interface WriteResult {
  /** Profiles that hold records after the pass (their metrics and name index need a refresh). */
  profiles: string[];
  created: number;
  /** Profiles folded into another in this pass. */
  absorbed: string[];
}

interface ClusterPlan {
  id: string;
  records: SourceRecord[];
  golden: GoldenRecord;
  active: boolean;
}

/**
 * Writes one resolved set of records back: golden profiles (kept ids, revived ids, new ids), the
 * profiles folded away (status merged, merged_into the survivor, their tickets, reminders and notes
 * moved), each record's profile and how it joined, its keys, the refusals, its orders' profile, and a
 * merge-history row per folded profile. The records must be a closed neighbourhood (see neighbourhood.ts).
 */
export async function writeResolution(
  tx: Db,
  records: readonly SourceRecord[],
  resolution: Resolution,
  context: WriteContext,
): Promise<WriteResult> {
  const byKey = new Map(records.map((r) => [String(r.id), r]));
  const clusters = resolution.clusters.map((keys) => keys.map((k) => byKey.get(k)!));
  const existing = await existingProfiles(tx, records);
  const { ids, absorbed } = assignProfileIds(
    clusters.map((members) => ({
      records: members.map((r) => ({
        recordId: r.id,
        profileId: r.profileId,
        firstProfileId: r.firstProfileId,
      })),
    })),
    existing,
  );
  const plans: ClusterPlan[] = clusters.map((members, i) => ({
    id: ids[i] ?? randomUUID(),
    records: members,
    golden: goldenRecord(
      members.map((r) => ({
        customer: r.customer,
        analysis: resolution.analyses.get(String(r.id))!,
        priority: context.priorities.get(r.source) ?? 0,
        updatedAt: r.updatedAt,
      })),
    ),
    active: members.some((r) => r.customer.status !== 'deleted'),
  }));
  await writeProfiles(tx, plans);
  const folded = absorbed.map(({ id, into }) => ({ id, into: plans[into]!.id }));
  await foldProfiles(tx, folded);
  await writeRecords(tx, plans, resolution, context.whole ?? false);
  const whole = context.whole ?? false;
  await writeKeys(tx, plans, resolution.analyses, whole);
  await writeRefusals(tx, records, resolution, whole);
  await relinkOrders(tx, records, whole);
  await writeMergeHistory(tx, folded, plans, resolution.links, context.actor);
  return {
    profiles: plans.map((p) => p.id),
    created: ids.filter((id) => id === null).length,
    absorbed: folded.map((f) => f.id),
  };
}

const idsJson = (records: readonly { id: number }[]) => JSON.stringify(records.map((r) => r.id));

async function existingProfiles(
  tx: Db,
  records: readonly SourceRecord[],
): Promise<Map<string, ExistingProfile>> {
  const ids = [
    ...new Set(records.flatMap((r) => [r.profileId, r.firstProfileId]).filter((id) => id !== null)),
  ];
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; status: ExistingProfile['status']; created_at: Date }>(
    `SELECT id, status, created_at FROM profiles WHERE id IN (SELECT json_array_elements_text($1::json)::uuid)`,
    [JSON.stringify(ids)],
  );
  return new Map(
    rows.map((r) => [r.id, { id: r.id, status: r.status, createdAt: r.created_at.toISOString() }]),
  );
}

/** Creates, updates and revives the profiles; a row whose golden fields did not change is not rewritten. */
async function writeProfiles(tx: Db, plans: readonly ClusterPlan[]): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE resolved_profiles (
    id uuid, kind text, display_name text, legal_name text, primary_email text, primary_phone text,
    tax_ids jsonb, address jsonb, status text, source_count integer) ON COMMIT DROP`);
  await tx.copyFrom(
    'resolved_profiles',
    [
      'id',
      'kind',
      'display_name',
      'legal_name',
      'primary_email',
      'primary_phone',
      'tax_ids',
      'address',
      'status',
      'source_count',
    ],
    plans.map(({ id, golden: g, active }) =>
      copyText([
        id,
        g.kind,
        g.displayName,
        g.legalName,
        g.primaryEmail,
        g.primaryPhone,
        JSON.stringify(g.taxIds),
        g.address === null ? null : JSON.stringify(g.address),
        active ? 'active' : 'inactive',
        g.sourceCount,
      ]),
    ),
  );
  await tx.exec(`
    INSERT INTO profiles AS p (id, kind, display_name, legal_name, primary_email, primary_phone, tax_ids, address,
      status, source_count)
    SELECT id, kind, display_name, legal_name, primary_email, primary_phone, tax_ids, address, status, source_count
    FROM resolved_profiles
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, display_name = excluded.display_name,
      legal_name = excluded.legal_name, primary_email = excluded.primary_email,
      primary_phone = excluded.primary_phone, tax_ids = excluded.tax_ids, address = excluded.address,
      status = excluded.status, source_count = excluded.source_count, merged_into = NULL, updated_at = now()
    WHERE (p.kind, p.display_name, p.legal_name, p.primary_email, p.primary_phone, p.tax_ids, p.address, p.status,
        p.source_count, p.merged_into)
      IS DISTINCT FROM (excluded.kind, excluded.display_name, excluded.legal_name, excluded.primary_email,
        excluded.primary_phone, excluded.tax_ids, excluded.address, excluded.status, excluded.source_count, NULL::uuid);
    DROP TABLE resolved_profiles`);
}

/** Folds each absorbed profile into its survivor: its desk rows follow, its old id keeps resolving. */
async function foldProfiles(tx: Db, folded: readonly { id: string; into: string }[]): Promise<void> {
  if (folded.length === 0) return;
  const json = JSON.stringify(folded);
  const from = `FROM json_to_recordset($1::json) AS f(id uuid, "into" uuid)`;
  await tx.query(
    `UPDATE profiles p SET status = 'merged', merged_into = f."into", updated_at = now() ${from} WHERE p.id = f.id`,
    [json],
  );
  // Profiles folded earlier into one folded now point straight at the new survivor.
  await tx.query(`UPDATE profiles p SET merged_into = f."into" ${from} WHERE p.merged_into = f.id`, [json]);
  for (const table of ['tickets', 'reminders', 'interactions']) {
    await tx.query(`UPDATE ${table} t SET profile_id = f."into" ${from} WHERE t.profile_id = f.id`, [json]);
  }
  await tx.query(`DELETE FROM profile_metrics WHERE profile_id IN (SELECT f.id ${from})`, [json]);
}

/** Each record's profile, the hash it was resolved at, and the link that brought it in (a spanning tree). */
async function writeRecords(
  tx: Db,
  plans: readonly ClusterPlan[],
  resolution: Resolution,
  whole: boolean,
): Promise<void> {
  const joined = joinTree(resolution);
  await tx.exec(`CREATE TEMP TABLE resolved_records (
    id bigint, profile_id uuid, hash text, joined_by text, joined_key text, joined_via bigint) ON COMMIT DROP`);
  await tx.copyFrom(
    'resolved_records',
    ['id', 'profile_id', 'hash', 'joined_by', 'joined_key', 'joined_via'],
    plans.flatMap((plan) =>
      plan.records.map((r) => {
        const link = joined.get(String(r.id));
        return copyText([
          r.id,
          plan.id,
          r.contentHash,
          link?.kind ?? null,
          link?.key ?? null,
          link?.via ?? null,
        ]);
      }),
    ),
  );
  const update = () =>
    tx.exec(`
      UPDATE source_records s SET profile_id = r.profile_id,
        first_profile_id = coalesce(s.first_profile_id, r.profile_id), resolved_hash = r.hash,
        joined_by = r.joined_by, joined_key = r.joined_key, joined_via = r.joined_via
      FROM resolved_records r
      WHERE s.id = r.id AND (s.profile_id, s.resolved_hash, s.joined_by, s.joined_key, s.joined_via, s.first_profile_id)
        IS DISTINCT FROM (r.profile_id, r.hash, r.joined_by, r.joined_key, r.joined_via,
          coalesce(s.first_profile_id, r.profile_id));
      DROP TABLE resolved_records`);
  // A whole pass rewrites every record: the two indexes the resolution columns feed are built once after.
  if (whole)
    await withIndexesRebuilt(
      tx,
      'source_records',
      ['source_records_profile', 'source_records_pending'],
      update,
    );
  else await update();
}

/** For every record but the first of its cluster: the link that reached it from the cluster's first record. */
export function joinTree(
  resolution: Resolution,
): Map<string, { kind: string; key: string | null; via: number }> {
  const edges = new Map<string, Link[]>();
  for (const link of resolution.links) {
    for (const end of [link.a, link.b]) {
      const list = edges.get(end);
      if (list) list.push(link);
      else edges.set(end, [link]);
    }
  }
  const joined = new Map<string, { kind: string; key: string | null; via: number }>();
  for (const cluster of resolution.clusters) {
    const seen = new Set([cluster[0]!]);
    const queue = [cluster[0]!];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const link of edges.get(at) ?? []) {
        const next = link.a === at ? link.b : link.a;
        if (seen.has(next)) continue;
        seen.add(next);
        joined.set(next, { kind: link.kind, key: link.key, via: Number(at) });
        queue.push(next);
      }
    }
  }
  return joined;
}

/** The record's own ERP reference: a key only for others to point at, never stored. */
export function isOwnReference(record: SourceRecord, key: { kind: string; value: string }): boolean {
  return key.kind === 'erp_ref' && key.value === `${record.source}/${record.customer.externalId}`;
}

async function writeKeys(
  tx: Db,
  plans: readonly ClusterPlan[],
  analyses: ReadonlyMap<string, KeyAnalysis>,
  whole: boolean,
): Promise<void> {
  const records = plans.flatMap((p) => p.records);
  if (!whole)
    await tx.query(
      `DELETE FROM profile_keys WHERE source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)`,
      [idsJson(records)],
    );
  const rows = plans.flatMap((plan) =>
    plan.records.flatMap((r) =>
      (analyses.get(String(r.id))?.keys ?? [])
        .filter((key) => !isOwnReference(r, key))
        .map((key) => {
          const stored = toStoredKey(key);
          return copyText([stored.kind, stored.value, plan.id, r.id]);
        }),
    ),
  );
  const copy = async () => {
    if (rows.length > 0)
      await tx.copyFrom('profile_keys', ['kind', 'value', 'profile_id', 'source_record_id'], rows);
  };
  if (!whole) return copy();
  await tx.exec('TRUNCATE profile_keys');
  await withIndexesRebuilt(
    tx,
    'profile_keys',
    ['profile_keys_kind_value_record_key', 'profile_keys_record'],
    copy,
  );
}

async function writeRefusals(
  tx: Db,
  records: readonly SourceRecord[],
  resolution: Resolution,
  whole: boolean,
): Promise<void> {
  if (whole) await tx.exec('DELETE FROM profile_refusals');
  else
    await tx.query(
      `DELETE FROM profile_refusals WHERE source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)
         OR other_source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)`,
      [idsJson(records)],
    );
  const keyRefusals = resolution.refused.filter((r) => r.type === 'key');
  if (keyRefusals.length > 0 && !whole) {
    await tx.query(
      `DELETE FROM profile_refusals r USING json_to_recordset($1::json) AS k(kind text, key text)
       WHERE r.type = 'key' AND r.kind = k.kind AND r.key = k.key`,
      [JSON.stringify(keyRefusals.map((r) => ({ kind: r.kind, key: r.key })))],
    );
  }
  const rows = resolution.refused.map((r) => {
    switch (r.type) {
      case 'value':
        return copyText(['value', r.record, null, r.kind, r.raw, r.reason, null]);
      case 'key':
        return copyText(['key', null, null, r.kind, r.key, r.reason, r.holders]);
      default:
        return copyText(['link', r.a, r.b, r.kind, r.key, r.reason, null]);
    }
  });
  if (rows.length > 0) {
    await tx.copyFrom(
      'profile_refusals',
      ['type', 'source_record_id', 'other_source_record_id', 'kind', 'key', 'reason', 'holders'],
      rows,
    );
  }
}

/** Orders follow their customer record's profile; their profile's metrics are due again. */
async function relinkOrders(tx: Db, records: readonly SourceRecord[], whole: boolean): Promise<void> {
  const update = `UPDATE orders o SET profile_id = s.profile_id, counted_hash = NULL
     FROM source_records s
     WHERE o.source = s.source AND o.customer_external_id = s.external_id
       AND o.profile_id IS DISTINCT FROM s.profile_id`;
  if (whole) await tx.exec(update);
  else
    await tx.query(`${update} AND s.id IN (SELECT json_array_elements_text($1::json)::bigint)`, [
      idsJson(records),
    ]);
}

/** One history row per folded profile, naming the link that joined a record of it to the survivor's. */
async function writeMergeHistory(
  tx: Db,
  folded: readonly { id: string; into: string }[],
  plans: readonly ClusterPlan[],
  links: readonly Link[],
  actor: ResolutionActor,
): Promise<void> {
  if (folded.length === 0) return;
  const rows = folded.map(({ id, into }) => {
    const plan = plans.find((p) => p.id === into)!;
    const absorbedSide = new Set(plan.records.filter((r) => r.profileId === id).map((r) => String(r.id)));
    const link = links.find(
      (l) =>
        absorbedSide.has(l.a) !== absorbedSide.has(l.b) &&
        plan.records.some((r) => String(r.id) === l.a) &&
        plan.records.some((r) => String(r.id) === l.b),
    );
    const [inside, outside] = link
      ? absorbedSide.has(link.a)
        ? [link.a, link.b]
        : [link.b, link.a]
      : [null, null];
    return {
      survivor_id: into,
      absorbed_id: id,
      link_kind: link?.kind ?? 'manual',
      link_key: link?.key ?? null,
      source_record_id: outside,
      other_source_record_id: inside,
      absorbed_record_ids: [...absorbedSide].map(Number),
      actor_kind: actor.kind,
      actor_id: actor.id,
    };
  });
  await tx.query(
    `INSERT INTO profile_merges (survivor_id, absorbed_id, link_kind, link_key, source_record_id,
       other_source_record_id, absorbed_record_ids, actor_kind, actor_id)
     SELECT survivor_id, absorbed_id, link_kind, link_key, source_record_id, other_source_record_id,
       ARRAY(SELECT json_array_elements_text(absorbed_record_ids)::bigint), actor_kind, actor_id
     FROM json_to_recordset($1::json) AS m(survivor_id uuid, absorbed_id uuid, link_kind text, link_key text,
       source_record_id bigint, other_source_record_id bigint, absorbed_record_ids json, actor_kind text,
       actor_id text)`,
    [JSON.stringify(rows)],
  );
}
