import type { Config, Logger, StreamName } from '@crm-bridge/core';
import { ConfigError } from '@crm-bridge/core';
import { profilesSettings, type UpdateSummary, updateProfiles } from '@crm-bridge/profiles';
import { type Db, migrationStatus } from '@crm-bridge/store';
import { type ProgressListener, type SourceSyncResult, syncSource } from '@crm-bridge/sync';
import { connectorFor } from './connectors';

export interface RunSyncOptions {
  config: Config;
  db: Db;
  log: Logger;
  /** Source ids to sync; every enabled source when empty. */
  sourceIds: readonly string[];
  streams?: readonly StreamName[];
  full?: boolean;
  reconcile?: boolean;
  dryRun?: boolean;
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** Told once the profiles caught up with the sync (not in a dry run). */
  onProfiles?: (summary: UpdateSummary) => void;
}

/** Records a page's hook resolves at most; a larger backlog (a first load) waits for the end of the sync. */
const PAGE_RESOLUTION_BATCH = 2_000;

/** Syncs the chosen sources one after another; an unknown source id is a config error naming the known ones. */
export async function runSync(options: RunSyncOptions): Promise<SourceSyncResult[]> {
  const { config } = options;
  const { pending } = await migrationStatus(options.db);
  if (pending.length > 0) {
    throw new ConfigError(`the store needs migrations (${pending.join(', ')}): run crm-bridge migrate`, {
      code: 'cli.store_not_migrated',
    });
  }
  const known = config.sources.map((source) => source.id);
  const unknown = options.sourceIds.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown source ${unknown.join(', ')}; configured: ${known.join(', ') || 'none'}`, {
      code: 'cli.unknown_source',
    });
  }
  const chosen = config.sources.filter((source) =>
    options.sourceIds.length > 0 ? options.sourceIds.includes(source.id) : source.enabled,
  );
  const profiles = profilesSettings(config);
  const started = new Date();
  // After each committed page the profiles catch up with the records it touched.
  const afterPage = async () => {
    await updateProfiles(options.db, profiles, {
      batchSize: PAGE_RESOLUTION_BATCH,
      maxPasses: 1,
      deferBacklog: true,
    });
  };
  const results: SourceSyncResult[] = [];
  for (const source of chosen) {
    if (options.signal.aborted) break;
    results.push(
      await syncSource({
        db: options.db,
        connector: connectorFor(source.kind),
        source,
        log: options.log,
        ...(options.streams ? { streams: options.streams } : {}),
        mode: options.full ? 'full' : 'incremental',
        reconcile: options.reconcile ?? false,
        dryRun: options.dryRun ?? false,
        signal: options.signal,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        afterPage,
      }),
    );
  }
  if (!options.dryRun) {
    // What the pages left, then RFM, segments and VIP over the whole base.
    const summary = await updateProfiles(options.db, profiles, { rescore: true, changedSince: started });
    options.onProfiles?.(summary);
  }
  return results;
}

/** True when every source connected and every stream and reconciliation succeeded. */
export function allSucceeded(results: readonly SourceSyncResult[]): boolean {
  return results.every(
    (result) =>
      !result.error &&
      result.streams.every((stream) => stream.status === 'succeeded') &&
      result.reconciled.every((reconciled) => reconciled.status === 'succeeded'),
  );
}
