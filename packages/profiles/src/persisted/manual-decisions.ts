import { ConflictError, ForbiddenError, NotFoundError, type Role, roleAllows } from '@crm-bridge/core';
import { type Actor, appendAudit, type Db } from '@crm-bridge/store';
import { profileRecordIds, profileRef } from './profile-lookup';
import { type PassResult, resolveRecords } from './resolve-pending';
import { type ProfilesSettings, settleProfiles } from './update-profiles';

/** A person deciding: who, through which channel, and their role (managers and admins decide on profiles). */
export interface Decider {
  actor: Actor;
  role: Role;
}

function allow(decider: Decider, action: string): void {
  if (!roleAllows(decider.role, 'manager')) {
    throw new ForbiddenError(`a ${decider.role} may not ${action}; managers and admins may`, {
      code: 'profiles.forbidden',
    });
  }
}

async function twoProfiles(db: Db, a: string, b: string) {
  const [first, second] = [await profileRef(db, a), await profileRef(db, b)];
  const records = [await profileRecordIds(db, first.id), await profileRecordIds(db, second.id)] as const;
  if (records[0].length === 0 || records[1].length === 0) {
    throw new ConflictError('a profile without records cannot be merged', { code: 'profiles.empty' });
  }
  return { ids: [first.id, second.id] as const, records };
}

/** Revokes the live decisions of one kind between any record of one set and any of the other. */
async function revokeBetween(tx: Db, decision: string, left: readonly number[], right: readonly number[]) {
  await tx.query(
    `UPDATE profile_links SET revoked_at = now()
     WHERE revoked_at IS NULL AND decision = $1 AND (
       (source_record_id IN (SELECT json_array_elements_text($2::json)::bigint)
         AND other_source_record_id IN (SELECT json_array_elements_text($3::json)::bigint))
       OR (source_record_id IN (SELECT json_array_elements_text($3::json)::bigint)
         AND other_source_record_id IN (SELECT json_array_elements_text($2::json)::bigint)))`,
    [decision, JSON.stringify(left), JSON.stringify(right)],
  );
}

async function addLink(
  tx: Db,
  decision: string,
  a: number,
  b: number | null,
  decider: Decider,
  reason?: string,
) {
  await tx.query(
    `INSERT INTO profile_links (decision, source_record_id, other_source_record_id, actor_kind, actor_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [decision, a, b, decider.actor.kind, decider.actor.id, reason ?? null],
  );
}

/**
 * One manual decision: its writes, the re-resolution of the records it touches and its audit row in one
 * transaction; then the name index and metrics of the profiles it wrote, so search and the card agree.
 */
async function decide(
  db: Db,
  settings: ProfilesSettings,
  decider: Decider,
  records: readonly number[],
  decision: {
    action: string;
    target: string;
    details: Record<string, unknown>;
    write: (tx: Db) => Promise<void>;
  },
): Promise<PassResult> {
  const pass = await db.transaction(async (tx) => {
    await decision.write(tx);
    const result = await resolveRecords(tx, records, settings.resolution, decider.actor);
    await appendAudit(tx, {
      actor: decider.actor,
      action: decision.action,
      target: { kind: 'profile', id: decision.target },
      channel: decider.actor.channel,
      details: decision.details,
    });
    return result;
  });
  await settleProfiles(db, settings, pass);
  return pass;
}

/**
 * Merges two profiles by hand: a merge decision between their oldest records, which no key guard can
 * undo on a later sync (a never-merge between them is revoked: the later decision wins). The second
 * profile folds into the first (or the older one survives, as the resolver decides); its id keeps resolving.
 */
export async function mergeProfiles(
  db: Db,
  settings: ProfilesSettings,
  a: string,
  b: string,
  decider: Decider,
  reason?: string,
): Promise<PassResult> {
  allow(decider, 'merge profiles');
  const { ids, records } = await twoProfiles(db, a, b);
  if (ids[0] === ids[1])
    throw new ConflictError(`${a} and ${b} are one profile already`, { code: 'profiles.same' });
  return decide(db, settings, decider, [...records[0], ...records[1]], {
    action: 'profile.merged',
    target: ids[0],
    details: { merged: ids[1], reason: reason ?? null },
    write: async (tx) => {
      await revokeBetween(tx, 'never_merge', records[0], records[1]);
      await addLink(tx, 'merge', records[0][0]!, records[1][0]!, decider, reason);
    },
  });
}

/**
 * Takes one record out of its profile for good: it joins nothing by a key from now on (a manual merge
 * still can), and manual merges that pulled it in are revoked. The rest of the profile keeps its id.
 */
export async function splitRecord(
  db: Db,
  settings: ProfilesSettings,
  profileId: string,
  recordId: number,
  decider: Decider,
  reason?: string,
): Promise<PassResult> {
  allow(decider, 'split profiles');
  const ref = await profileRef(db, profileId);
  const members = await profileRecordIds(db, ref.id);
  if (!members.includes(recordId)) {
    throw new NotFoundError(`record ${recordId} is not in profile ${ref.id}`, {
      code: 'profiles.record_not_in_profile',
    });
  }
  if (members.length === 1) {
    throw new ConflictError(`record ${recordId} is the only record of profile ${ref.id}`, {
      code: 'profiles.single',
    });
  }
  return decide(db, settings, decider, members, {
    action: 'profile.split',
    target: ref.id,
    details: { record: recordId, reason: reason ?? null },
    write: async (tx) => {
      const others = members.filter((id) => id !== recordId);
      await revokeBetween(tx, 'merge', [recordId], others);
      await addLink(tx, 'split', recordId, null, decider, reason);
    },
  });
}

/**
 * Two profiles that must never become one, whatever keys they come to share. If they are one profile
 * now, split them apart first (split), then say never.
 */
export async function neverMerge(
  db: Db,
  settings: ProfilesSettings,
  a: string,
  b: string,
  decider: Decider,
  reason?: string,
): Promise<PassResult> {
  allow(decider, 'keep profiles apart');
  const { ids, records } = await twoProfiles(db, a, b);
  if (ids[0] === ids[1]) {
    throw new ConflictError(`${a} and ${b} are one profile now: split the record out first`, {
      code: 'profiles.same',
    });
  }
  return decide(db, settings, decider, [...records[0], ...records[1]], {
    action: 'profile.never_merge',
    target: ids[0],
    details: { other: ids[1], reason: reason ?? null },
    write: async (tx) => {
      await revokeBetween(tx, 'merge', records[0], records[1]);
      await addLink(tx, 'never_merge', records[0][0]!, records[1][0]!, decider, reason);
    },
  });
}

/**
 * Reverses one recorded merge: a manual one by revoking the decision, a key one by a never-merge
 * between the two records the key joined. The absorbed profile comes back under its old id.
 */
export async function undoMerge(
  db: Db,
  settings: ProfilesSettings,
  mergeId: number,
  decider: Decider,
): Promise<PassResult> {
  allow(decider, 'undo merges');
  const [merge] = await db.query<{
    survivor_id: string;
    absorbed_id: string;
    link_kind: string;
    source_record_id: number | null;
    other_source_record_id: number | null;
    absorbed_record_ids: (number | string)[];
    undone_at: Date | null;
  }>(`SELECT * FROM profile_merges WHERE id = $1`, [mergeId]);
  if (!merge) throw new NotFoundError(`no merge ${mergeId}`, { code: 'profiles.merge_not_found' });
  if (merge.undone_at)
    throw new ConflictError(`merge ${mergeId} was undone already`, { code: 'profiles.undone' });
  const survivor = await profileRef(db, merge.survivor_id);
  const members = await profileRecordIds(db, survivor.id);
  const folded = new Set(merge.absorbed_record_ids.map(Number));
  const absorbedSide = members.filter((id) => folded.has(id));
  const survivorSide = members.filter((id) => !absorbedSide.includes(id));
  if (absorbedSide.length === 0 || survivorSide.length === 0) {
    throw new ConflictError(`merge ${mergeId} no longer holds both sides together`, {
      code: 'profiles.undo_stale',
    });
  }
  return decide(db, settings, decider, members, {
    action: 'profile.merge_undone',
    target: merge.absorbed_id,
    details: { merge: mergeId, survivor: survivor.id },
    write: async (tx) => {
      await revokeBetween(tx, 'merge', absorbedSide, survivorSide);
      // The records go back to the absorbed profile, which comes back under its old id.
      await tx.query(
        `UPDATE source_records SET first_profile_id = $1 WHERE id IN (SELECT json_array_elements_text($2::json)::bigint)`,
        [merge.absorbed_id, JSON.stringify(absorbedSide)],
      );
      await addLink(
        tx,
        'never_merge',
        survivorSide[0]!,
        absorbedSide[0]!,
        decider,
        `undo of merge ${mergeId}`,
      );
      await tx.query(`UPDATE profile_merges SET undone_at = now(), undone_by = $2 WHERE id = $1`, [
        mergeId,
        `${decider.actor.kind}:${decider.actor.id ?? ''}`,
      ]);
    },
  });
}
