import { NotFoundError } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';

/** A profile as its id resolves today: an id folded by a merge leads to the profile that absorbed it. */
export interface ProfileRef {
  id: string;
  /** The id asked for, when it was folded into `id`. */
  mergedFrom: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Follows merged_into to the live profile; null for an unknown id (or a text that is no id at all). */
export async function findProfileRef(db: Db, id: string): Promise<ProfileRef | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.query<{ id: string; merged_into: string | null }>(
    `SELECT id, merged_into FROM profiles WHERE id = $1`,
    [id.toLowerCase()],
  );
  if (!row) return null;
  // Folding keeps merged_into pointing at the final survivor, so one hop is enough.
  return row.merged_into === null
    ? { id: row.id, mergedFrom: null }
    : { id: row.merged_into, mergedFrom: row.id };
}

/** Whether a text has the shape of a profile id (a uuid); findProfileRef answers null for any other. */
export function isProfileId(text: string): boolean {
  return UUID.test(text);
}

/**
 * SQL: the live profile id that the uuid in parameter `param` resolves to, NULL for an unknown one; the
 * same hop as findProfileRef, for a statement that filters by profile without a round trip of its own.
 */
export function liveProfileIdSql(param: string): string {
  return `(SELECT COALESCE(merged_into, id) FROM profiles WHERE id = ${param}::uuid)`;
}

/** Like findProfileRef, but an unknown id is a NotFoundError naming it. */
export async function profileRef(db: Db, id: string): Promise<ProfileRef> {
  const ref = await findProfileRef(db, id);
  if (!ref) throw new NotFoundError(`no profile ${id}`, { code: 'profiles.not_found' });
  return ref;
}

/** The store ids of a profile's records, oldest first. */
export async function profileRecordIds(db: Db, profileId: string): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM source_records WHERE profile_id = $1 ORDER BY id`,
    [profileId],
  );
  return rows.map((r) => Number(r.id));
}
