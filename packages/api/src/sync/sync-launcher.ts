import {
  type Config,
  ConfigError,
  ConflictError,
  type Logger,
  NotFoundError,
  type SourceConfig,
  type StreamName,
} from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import {
  type Actor,
  appendAudit,
  type Db,
  finishSyncRun,
  markInterruptedRuns,
  migrationStatus,
  type SyncCounts,
  type SyncRun,
  type SyncRunStatus,
  startSyncRun,
  zeroCounts,
} from '@crm-bridge/store';
import { type Connector, type SourceSyncResult, syncSource } from '@crm-bridge/sync';

/** The connector for a source's kind: given by the composition root (the API may not import connectors). */
export type ConnectorLookup = (kind: SourceConfig['kind']) => Connector;

export interface SyncLauncherOptions {
  db: Db;
  config: Config;
  log: Logger;
  connectorFor?: ConnectorLookup | undefined;
  /** Told when a run starts and when it ended (metrics, events). Errors are logged, never thrown. */
  onStarted?: (run: SyncRun) => void;
  onFinished?: (run: SyncRun) => Promise<void> | void;
}

export interface StartSyncInput {
  source: string;
  /** @defaultValue incremental */
  mode?: 'incremental' | 'full';
  streams?: readonly StreamName[] | undefined;
  reconcile?: boolean;
}

/** Starts whole-source sync runs in this process and stops them cleanly. */
export interface SyncLauncher {
  /** Records the run (audited as `actor`) and returns it at once; the sync proceeds in the background. */
  start(input: StartSyncInput, actor: Actor): Promise<SyncRun>;
  /** Asks a run of this process to stop after the page it is writing (audited); false when it is not running here. */
  cancel(runId: number, actor: Actor): Promise<boolean>;
  /** Ids of the runs in progress in this process. */
  running(): number[];
  /** Resolves when a run of this process has ended (at once for any other id). */
  settled(runId: number): Promise<void>;
  /**
   * Cancels every run and waits for each to stop after its current page, at most `graceMs`; runs still
   * going then are recorded as cancelled.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Records a page's hook resolves at most; a larger backlog (a first load) waits for the end of the run. */
const PAGE_RESOLUTION_BATCH = 2_000;

interface InFlight {
  run: SyncRun;
  controller: AbortController;
  done: Promise<void>;
}

/** The run's status and error from what the engine reported. */
function outcome(result: SourceSyncResult | null, failure: string | null, cancelled: boolean) {
  const errors = [
    ...(failure ? [failure] : []),
    ...(result?.error ? [result.error] : []),
    ...(result?.streams ?? []).flatMap((s) => (s.error ? [`${s.stream}: ${s.error}`] : [])),
    ...(result?.reconciled ?? []).flatMap((r) => (r.error ? [`${r.stream} reconcile: ${r.error}`] : [])),
  ];
  const status: Exclude<SyncRunStatus, 'running'> = cancelled
    ? 'cancelled'
    : errors.length > 0 || result?.streams.some((s) => s.status !== 'succeeded')
      ? 'failed'
      : 'succeeded';
  return { status, error: errors.length > 0 ? errors.join('; ').slice(0, 2000) : null };
}

function totals(result: SourceSyncResult | null): SyncCounts {
  const counts = zeroCounts();
  for (const stream of result?.streams ?? []) {
    for (const key of Object.keys(counts) as (keyof SyncCounts)[]) counts[key] += stream.counts[key];
  }
  for (const reconciled of result?.reconciled ?? []) counts.deleted += reconciled.deleted;
  return counts;
}

/**
 * A whole-source run is one sync_runs row with no stream, started here and finished with the totals of
 * the stream runs the engine records beside it. One run per source at a time in a process.
 */
export function createSyncLauncher(options: SyncLauncherOptions): SyncLauncher {
  const { db, config, log } = options;
  const inFlight = new Map<number, InFlight>();
  const profiles = profilesSettings(config);

  async function execute(run: SyncRun, source: SourceConfig, input: StartSyncInput, signal: AbortSignal) {
    const runLog = log.child({ runId: run.id });
    const startedAt = new Date();
    let result: SourceSyncResult | null = null;
    let failure: string | null = null;
    try {
      result = await syncSource({
        db,
        connector: options.connectorFor!(source.kind),
        source,
        log: runLog,
        ...(input.streams ? { streams: input.streams } : {}),
        mode: input.mode ?? 'incremental',
        reconcile: input.reconcile ?? false,
        signal,
        // After each committed page the profiles catch up with the records it touched.
        afterPage: async () => {
          await updateProfiles(db, profiles, {
            batchSize: PAGE_RESOLUTION_BATCH,
            maxPasses: 1,
            deferBacklog: true,
          });
        },
      });
      if (!signal.aborted) await updateProfiles(db, profiles, { rescore: true, changedSince: startedAt });
    } catch (error) {
      failure = (error as Error).message;
      runLog.error({ err: failure }, 'sync run failed');
    }
    const { status, error } = outcome(result, failure, signal.aborted);
    const finished = await finishSyncRun(db, run.id, { status, counts: totals(result), error });
    runLog.info({ status, counts: finished.counts }, 'sync run ended');
    await options.onFinished?.(finished);
  }

  return {
    async start(input, actor) {
      if (!options.connectorFor) {
        throw new ConfigError('This process cannot run syncs: it was started without connectors', {
          code: 'api.sync_unavailable',
        });
      }
      const source = config.sources.find((candidate) => candidate.id === input.source);
      if (!source) {
        const known = config.sources.map((candidate) => candidate.id).join(', ') || 'none';
        throw new NotFoundError(`No source ${input.source}; configured: ${known}`, {
          code: 'api.unknown_source',
        });
      }
      const busy = [...inFlight.values()].find((entry) => entry.run.source === source.id);
      if (busy) {
        throw new ConflictError(`Source ${source.id} is syncing already (run ${busy.run.id})`, {
          code: 'api.sync_running',
          details: { runId: busy.run.id },
        });
      }
      const { pending } = await migrationStatus(db);
      if (pending.length > 0) {
        throw new ConfigError(`The store needs migrations (${pending.join(', ')}): run crm-bridge migrate`, {
          code: 'api.store_not_migrated',
        });
      }
      // One whole-source run per source at a time: one still "running" was cut short by a stopped process.
      await markInterruptedRuns(db, source.id, null);
      const run = await db.transaction(async (tx) => {
        const started = await startSyncRun(tx, {
          source: source.id,
          stream: null,
          mode: input.mode ?? 'incremental',
        });
        await appendAudit(tx, {
          actor,
          action: 'sync.run_started',
          target: { kind: 'sync_run', id: String(started.id) },
          channel: actor.channel,
          details: {
            source: source.id,
            mode: started.mode,
            streams: input.streams ?? null,
            reconcile: input.reconcile ?? false,
          },
        });
        return started;
      });
      const controller = new AbortController();
      const entry: InFlight = { run, controller, done: Promise.resolve() };
      inFlight.set(run.id, entry);
      try {
        options.onStarted?.(run);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'sync start hook failed');
      }
      entry.done = execute(run, source, input, controller.signal)
        .catch((error: unknown) =>
          log.error(
            { runId: run.id, err: (error as Error).message },
            'could not record the end of a sync run',
          ),
        )
        .finally(() => inFlight.delete(run.id));
      return run;
    },

    async cancel(runId, actor) {
      const entry = inFlight.get(runId);
      if (!entry) return false;
      entry.controller.abort();
      await appendAudit(db, {
        actor,
        action: 'sync.run_cancelled',
        target: { kind: 'sync_run', id: String(runId) },
        channel: actor.channel,
        details: { source: entry.run.source },
      });
      return true;
    },

    running: () => [...inFlight.keys()],

    settled: async (runId) => {
      await inFlight.get(runId)?.done;
    },

    async stop(graceMs = 30_000) {
      const entries = [...inFlight.values()];
      for (const entry of entries) entry.controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(entries.map((entry) => entry.done)), timeout]);
      clearTimeout(timer);
      for (const entry of inFlight.values()) {
        await finishSyncRun(db, entry.run.id, {
          status: 'cancelled',
          error: 'the server stopped before the run ended',
        }).catch(() => undefined); // it ended meanwhile
      }
    },
  };
}
