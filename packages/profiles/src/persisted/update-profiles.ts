import type { Config } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { keyOptionsFromConfig, keyPolicy } from '../keys/key-policy';
import { rebuildNameIndex, refreshNameIndex } from '../search/index';
import {
  type MetricsSettings,
  profilesWithPendingOrders,
  profilesWithStaleMetrics,
  refreshMetrics,
  rescoreBase,
} from './metrics';
import {
  type PassResult,
  type PendingOptions,
  type PendingResult,
  type ResolutionSettings,
  resolveAll,
  resolvePending,
} from './resolve-pending';

/** Everything the profiles need from config. */
export interface ProfilesSettings {
  resolution: ResolutionSettings;
  metrics: Omit<MetricsSettings, 'now'>;
  /** Region for phones in search queries. */
  defaultRegion: string;
}

export function profilesSettings(
  config: Pick<Config, 'phone' | 'identity' | 'sources' | 'currency' | 'analytics'>,
): ProfilesSettings {
  return {
    resolution: {
      policy: keyPolicy(keyOptionsFromConfig(config)),
      maxKeyShare: config.identity.maxKeyShare,
      priorities: new Map(config.sources.map((s) => [s.id, s.priority])),
    },
    metrics: { currency: config.currency, analytics: config.analytics },
    defaultRegion: config.phone.defaultRegion,
  };
}

export interface UpdateOptions
  extends Pick<
    PendingOptions,
    'batchSize' | 'maxPasses' | 'deferBacklog' | 'wholeStoreFrom' | 'onPass' | 'actor'
  > {
  now?: Date;
  /**
   * Re-score RFM quintiles, segments and VIP over the whole base, and recompute metrics over a day old
   * (once per sync, not per page).
   */
  rescore?: boolean;
  /** Also recompute the metrics of every profile changed since then (after passes that deferred them). */
  changedSince?: Date;
  /**
   * Re-resolve every record in one whole-store pass and recompute every profile's metrics, pending or
   * not: after a change to the identity or analytics config.
   */
  all?: boolean;
}

export interface UpdateSummary {
  /** Records re-resolved. */
  records: number;
  profilesCreated: number;
  profilesMerged: number;
  /** Profiles whose metrics were recomputed. */
  metricsRefreshed: number;
  /** True when records were left pending for a later update. */
  more: boolean;
}

/**
 * Brings the profiles up to date with the store: resolves the pending records, refreshes the name index
 * of every profile that changed, recomputes the metrics of the profiles whose records or orders changed,
 * and (when asked) re-scores RFM and VIP over the base.
 */
export async function updateProfiles(
  db: Db,
  settings: ProfilesSettings,
  options: UpdateOptions = {},
): Promise<UpdateSummary> {
  const resolved = options.all
    ? await resolveEverything(db, settings, options)
    : await resolvePending(db, settings.resolution, options);
  if (resolved.whole) await rebuildNameIndex(db);
  else await refreshNameIndex(db, [...resolved.profiles, ...resolved.absorbed]);
  const summary = {
    records: resolved.records,
    profilesCreated: resolved.created,
    profilesMerged: resolved.absorbed.size,
    metricsRefreshed: 0,
    more: true,
  };
  // A first load's metrics wait for the end of the sync, which passes changedSince to catch up.
  if (options.deferBacklog && (resolved.more || (await ordersBacklog(db, options.batchSize ?? 2_000))))
    return summary;
  const now = options.now ?? new Date();
  const due = new Set([...resolved.profiles, ...(await profilesWithPendingOrders(db))]);
  if (options.rescore) for (const id of await profilesWithStaleMetrics(db, now)) due.add(id);
  if (options.changedSince)
    for (const id of await profilesChangedSince(db, options.changedSince)) due.add(id);
  if (options.all) for (const id of await profilesChangedSince(db, new Date(0))) due.add(id);
  await refreshMetrics(db, due, { ...settings.metrics, now });
  if (options.rescore) await rescoreBase(db, settings.metrics.analytics);
  return { ...summary, metricsRefreshed: due.size, more: resolved.more };
}

/** Whether more than `limit` orders wait for their profile's metrics (a first load of orders). */
async function ordersBacklog(db: Db, limit: number): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM orders WHERE counted_hash IS DISTINCT FROM content_hash LIMIT $1`,
    [limit + 1],
  );
  return rows.length > limit;
}

async function profilesChangedSince(db: Db, since: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM profiles WHERE updated_at >= $1 AND status <> 'merged'`,
    [since],
  );
  return rows.map((r) => r.id);
}

async function resolveEverything(
  db: Db,
  settings: ProfilesSettings,
  options: UpdateOptions,
): Promise<PendingResult> {
  const pass = await resolveAll(db, settings.resolution, options.actor);
  options.onPass?.(pass);
  return {
    records: pass.records,
    passes: 1,
    profiles: new Set(pass.profiles),
    absorbed: new Set(pass.absorbed),
    created: pass.created,
    more: false,
    whole: true,
  };
}

/**
 * After a manual decision's pass: the name index and metrics of the profiles it wrote, and the RFM
 * scores over the base, so search, the card and explain agree at once.
 */
export async function settleProfiles(db: Db, settings: ProfilesSettings, pass: PassResult, now = new Date()) {
  await refreshNameIndex(db, [...pass.profiles, ...pass.absorbed]);
  await refreshMetrics(db, new Set([...pass.profiles, ...(await profilesWithPendingOrders(db))]), {
    ...settings.metrics,
    now,
  });
  await rescoreBase(db, settings.metrics.analytics);
}
