import {
  type Decider,
  mergeProfiles,
  neverMerge,
  type PassResult,
  type ProfilesSettings,
  profileRef,
  splitRecord,
  undoMerge,
} from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { actorSummary, type DeskActor, storeActor } from '../actor';
import { emitEvent } from '../events';
import { authorize } from '../permissions';

function decider(actor: DeskActor): Decider {
  return { actor: storeActor(actor), role: actor.role };
}

/** A manual decision's outcome: the profile that holds the records now, and the resolver's pass. */
export interface ProfileDecision {
  profileId: string;
  pass: PassResult;
}

/**
 * Merges two customer profiles by hand (managers), then emits profile.merged. The merge commits in its
 * own transaction inside the profiles package, so the event follows in a transaction of its own.
 */
export async function mergeCustomers(
  db: Db,
  actor: DeskActor,
  settings: ProfilesSettings,
  input: { a: string; b: string; reason?: string },
): Promise<ProfileDecision> {
  authorize(actor, 'profiles.merge');
  const [a, b] = [await profileRef(db, input.a), await profileRef(db, input.b)];
  const pass = await mergeProfiles(db, settings, input.a, input.b, decider(actor), input.reason);
  const survivor = await profileRef(db, a.id);
  const absorbed = pass.absorbed.length > 0 ? pass.absorbed : [a.id, b.id].filter((id) => id !== survivor.id);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ display_name: string }>(
      `SELECT display_name FROM profiles WHERE id = $1`,
      [survivor.id],
    );
    await emitEvent(tx, 'profile.merged', {
      survivor: { id: survivor.id, name: row?.display_name ?? survivor.id },
      absorbed,
      reason: input.reason ?? null,
      actor: actorSummary(actor),
    });
  });
  return { profileId: survivor.id, pass };
}

/** Takes one record out of its profile for good (managers). */
export async function splitCustomerRecord(
  db: Db,
  actor: DeskActor,
  settings: ProfilesSettings,
  input: { profileId: string; recordId: number; reason?: string },
): Promise<ProfileDecision> {
  authorize(actor, 'profiles.merge');
  const pass = await splitRecord(db, settings, input.profileId, input.recordId, decider(actor), input.reason);
  return { profileId: (await profileRef(db, input.profileId)).id, pass };
}

/** Two customers that must never become one profile (managers). */
export async function keepCustomersApart(
  db: Db,
  actor: DeskActor,
  settings: ProfilesSettings,
  input: { a: string; b: string; reason?: string },
): Promise<ProfileDecision> {
  authorize(actor, 'profiles.merge');
  const pass = await neverMerge(db, settings, input.a, input.b, decider(actor), input.reason);
  return { profileId: (await profileRef(db, input.a)).id, pass };
}

/** Reverses one recorded merge (managers); the absorbed profile comes back under its old id. */
export async function undoCustomerMerge(
  db: Db,
  actor: DeskActor,
  settings: ProfilesSettings,
  mergeId: number,
): Promise<ProfileDecision> {
  authorize(actor, 'profiles.merge');
  const pass = await undoMerge(db, settings, mergeId, decider(actor));
  const [merge] = await db.query<{ absorbed_id: string }>(
    `SELECT absorbed_id FROM profile_merges WHERE id = $1`,
    [mergeId],
  );
  return { profileId: merge?.absorbed_id ?? '', pass };
}
