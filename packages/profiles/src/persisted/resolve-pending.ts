import type { Db, SourceRecord } from '@crm-bridge/store';
import { pageSourceRecords, pendingSourceRecordIds } from '@crm-bridge/store';
import type { KeyPolicy } from '../keys/key-policy';
import { resolve } from '../resolution/resolve';
import { loadNeighbourhood } from './neighbourhood';
import { type ResolutionActor, writeResolution } from './write-resolution';

export interface ResolutionSettings {
  policy: KeyPolicy;
  maxKeyShare: number;
  /** Source id → its `priority` in config (higher wins the golden record). */
  priorities: ReadonlyMap<string, number>;
}

export interface PassResult {
  /** Records re-resolved (the pending ones and their neighbourhood). */
  records: number;
  /** Profiles holding those records after the pass. */
  profiles: string[];
  created: number;
  absorbed: string[];
}

/** One pass lock for the whole store: two resolvers (two syncs) never interleave their reads and writes. */
const RESOLUTION_LOCK = 7_204_101;

/** A key with more holders than this is never followed: it is too common to link whatever the config says. */
function holderCap(settings: ResolutionSettings): number {
  return Math.max(200, settings.maxKeyShare * 10);
}

/**
 * Re-resolves the given records and everything their resolution can change, in one transaction: the
 * neighbourhood is read under the resolution lock, resolved with the manual decisions, and written back.
 */
export async function resolveRecords(
  db: Db,
  recordIds: readonly number[],
  settings: ResolutionSettings,
  actor: ResolutionActor = { kind: 'system', id: null },
): Promise<PassResult> {
  if (recordIds.length === 0) return { records: 0, profiles: [], created: 0, absorbed: [] };
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [RESOLUTION_LOCK]);
    const hood = await loadNeighbourhood(tx, recordIds, {
      policy: settings.policy,
      holderCap: holderCap(settings),
    });
    const resolution = resolveLoaded(hood.records, settings, hood);
    const written = await writeResolution(tx, hood.records, resolution, {
      priorities: settings.priorities,
      actor,
    });
    return { records: hood.records.length, ...written };
  });
}

/**
 * Resolves the whole store in one pass: every record read (without raw payloads), resolved in memory, and
 * written back in bulk. What a first load or a config change (new keys, a new maxKeyShare) needs; much
 * faster per record than neighbourhoods when most records are pending.
 */
export async function resolveAll(
  db: Db,
  settings: ResolutionSettings,
  actor: ResolutionActor = { kind: 'system', id: null },
): Promise<PassResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [RESOLUTION_LOCK]);
    const records: SourceRecord[] = [];
    for (let page = await pageSourceRecords(tx, 0, READ_PAGE); page.length > 0; ) {
      records.push(...page);
      page = page.length < READ_PAGE ? [] : await pageSourceRecords(tx, page.at(-1)!.id, READ_PAGE);
    }
    const resolution = resolveLoaded(records, settings, await allDecisions(tx));
    const written = await writeResolution(tx, records, resolution, {
      priorities: settings.priorities,
      actor,
      whole: true,
    });
    return { records: records.length, ...written };
  });
}

const READ_PAGE = 50_000;

async function allDecisions(db: Db) {
  const rows = await db.query<{ decision: string; a: number; b: number | null }>(
    `SELECT decision, source_record_id AS a, other_source_record_id AS b FROM profile_links
     WHERE revoked_at IS NULL ORDER BY id`,
  );
  const merges: [number, number][] = [];
  const neverMerges: [number, number][] = [];
  const splits: number[] = [];
  for (const { decision, a, b } of rows) {
    if (decision === 'split') splits.push(Number(a));
    else if (b !== null) (decision === 'merge' ? merges : neverMerges).push([Number(a), Number(b)]);
  }
  return { merges, neverMerges, splits };
}

/** Runs the pure resolver over loaded records with the store's manual decisions. */
export function resolveLoaded(
  records: readonly SourceRecord[],
  settings: ResolutionSettings,
  decisions: {
    merges: readonly [number, number][];
    neverMerges: readonly [number, number][];
    splits: readonly number[];
    tooCommon?: ReadonlyMap<string, number>;
  },
) {
  const pair = ([a, b]: readonly [number, number]) => [String(a), String(b)] as const;
  return resolve(
    records.map((r) => ({ key: String(r.id), customer: r.customer })),
    {
      policy: settings.policy,
      maxKeyShare: settings.maxKeyShare,
      mustLink: decisions.merges.map(pair),
      cannotLink: decisions.neverMerges.map(pair),
      isolated: decisions.splits.map(String),
      ...(decisions.tooCommon ? { knownTooCommon: decisions.tooCommon } : {}),
    },
  );
}

export interface PendingOptions {
  /**
   * Pending records from which one whole-store pass (resolveAll) beats neighbourhood passes (a first
   * load); default 20,000. Only when maxPasses is not set.
   */
  wholeStoreFrom?: number;
  /** Records per pass (one transaction each). */
  batchSize?: number;
  /** Stop after this many passes, leaving the rest pending (a sync page's hook keeps its share small). */
  maxPasses?: number;
  /**
   * Do nothing when more than one batch is pending (a first load): the end of the sync resolves the
   * whole store at once, far faster than page by page.
   */
  deferBacklog?: boolean;
  actor?: ResolutionActor;
  onPass?: (pass: PassResult) => void;
}

export interface PendingResult {
  records: number;
  passes: number;
  /** Every profile a pass wrote, for the metrics and the name index. */
  profiles: Set<string>;
  absorbed: Set<string>;
  created: number;
  /** True when records were left pending (maxPasses reached). */
  more: boolean;
  /** True when one whole-store pass (resolveAll) ran. */
  whole: boolean;
}

/** Resolves the records that are new or changed since their last resolution, a batch at a time. */
export async function resolvePending(
  db: Db,
  settings: ResolutionSettings,
  options: PendingOptions = {},
): Promise<PendingResult> {
  const batchSize = options.batchSize ?? 2_000;
  const result: PendingResult = {
    records: 0,
    passes: 0,
    profiles: new Set(),
    absorbed: new Set(),
    created: 0,
    more: false,
    whole: false,
  };
  const add = (pass: PassResult) => {
    result.passes += 1;
    result.records += pass.records;
    result.created += pass.created;
    for (const id of pass.profiles) result.profiles.add(id);
    for (const id of pass.absorbed) {
      result.absorbed.add(id);
      result.profiles.delete(id);
    }
    options.onPass?.(pass);
  };
  if (options.maxPasses === undefined && (await pendingCount(db)) >= (options.wholeStoreFrom ?? 20_000)) {
    add(await resolveAll(db, settings, options.actor));
    result.whole = true;
    return result;
  }
  if (options.deferBacklog && (await pendingSourceRecordIds(db, batchSize + 1)).length > batchSize) {
    result.more = true;
    return result;
  }
  for (;;) {
    if (options.maxPasses !== undefined && result.passes >= options.maxPasses) {
      result.more = (await pendingSourceRecordIds(db, 1)).length > 0;
      return result;
    }
    const ids = await pendingSourceRecordIds(db, batchSize);
    if (ids.length === 0) return result;
    add(await resolveRecords(db, ids, settings, options.actor));
  }
}

async function pendingCount(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM source_records WHERE resolved_hash IS DISTINCT FROM content_hash`,
  );
  return row?.n ?? 0;
}
