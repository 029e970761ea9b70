import { createLogger, type StreamName } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { getCursor, listQuarantine } from '@crm-bridge/store';
import { type SourceSyncResult, syncSource } from '../../engine/source-sync';
import type { Connector } from '../../kit/connector';
import { crashingDb } from './crashing-db';
import type { SandboxHandle, StartSandbox } from './sandbox-handle';
import { insertedVersusStored, storedIds, storeSnapshot, writeTimes } from './store-snapshot';

export interface ConnectorConformanceOptions {
  name: string;
  connector: Connector;
  startSandbox: StartSandbox;
  /** A fresh, migrated database per call, and how to drop it. */
  openDb: () => Promise<{ db: Db; cleanup(): Promise<void> }>;
  /** Companies in the sandbox world; small keeps the suite fast. */
  size?: number;
  /** Streams whose ERP keeps a modified-at (incremental reads fewer records than a full one). */
  incrementalStreams: readonly StreamName[];
}

const STREAMS: StreamName[] = ['customers', 'contacts', 'orders'];
const log = createLogger({ level: 'silent' });

/**
 * The standard tests every connector passes against its sandbox (STYLE.md §10): connection check and
 * auth failure, full read, incremental after changes, ties, archived and deleted records, faults, and
 * crash-resume between and inside pages.
 */
export function describeConnectorConformance(options: ConnectorConformanceOptions): void {
  const size = options.size ?? 120;
  const opened: { cleanup(): Promise<void> }[] = [];
  const sandboxes: SandboxHandle[] = [];

  async function fresh(faults = false): Promise<{ db: Db; sandbox: SandboxHandle }> {
    const handle = await options.openDb();
    opened.push(handle);
    const sandbox = await options.startSandbox({ seed: 7, size });
    sandboxes.push(sandbox);
    sandbox.setFaults(
      faults
        ? {
            serverErrorRate: 0.08,
            rateLimitRate: 0.05,
            sessionExpiryEveryRequests: 9,
            slowRate: 0.05,
            slowMs: 30,
            malformedRate: 0.03,
          }
        : { malformedRate: 0.03 },
    );
    return { db: handle.db, sandbox };
  }

  const sync = (db: Db, sandbox: SandboxHandle, extra: Partial<Parameters<typeof syncSource>[0]> = {}) =>
    syncSource({ db, connector: options.connector, source: pageSized(sandbox), log, ...extra });

  async function expectStoreMatches(db: Db, sandbox: SandboxHandle, source = 'sandbox'): Promise<void> {
    for (const stream of STREAMS) {
      const malformed = new Set(sandbox.malformedIds(stream));
      const expected = sandbox
        .liveIds(stream)
        .filter((id) => !malformed.has(id))
        .sort();
      expect({ stream, ids: await storedIds(db, source, stream) }).toEqual({ stream, ids: expected });
    }
    const counted = await insertedVersusStored(db, source);
    expect(counted.inserted).toBe(counted.stored);
  }

  describe(`${options.name} connector conformance`, () => {
    afterAll(async () => {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      await Promise.all(opened.map((handle) => handle.cleanup()));
    });

    it('refuses bad credentials with a clear error and writes nothing', async () => {
      const { db, sandbox } = await fresh();
      const result = await syncSource({
        db,
        connector: options.connector,
        source: sandbox.sourceWithBadCredentials('sandbox'),
        log,
      });
      expect(result.error).toBeDefined();
      expect(result.streams).toEqual([]);
      expect(await storeSnapshot(db, 'sandbox')).toEqual([]);
    });

    it('reads every stream to the end, ties across pages included, and quarantines malformed records', async () => {
      const { db, sandbox } = await fresh();
      const result = await sync(db, sandbox);
      expectSucceeded(result);
      await expectStoreMatches(db, sandbox);
      const quarantined = await listQuarantine(db, { source: 'sandbox', limit: 10_000 });
      for (const stream of STREAMS) {
        const ids = quarantined.filter((entry) => entry.stream === stream).map((entry) => entry.externalId);
        expect(ids.sort()).toEqual([...sandbox.malformedIds(stream)].sort());
      }
      expect(quarantined.every((entry) => entry.reason.length > 0 && entry.raw !== null)).toBe(true);
    });

    it('re-syncs with nothing changed without writing a row', async () => {
      const { db, sandbox } = await fresh();
      expectSucceeded(await sync(db, sandbox));
      const before = await storeSnapshot(db, 'sandbox');
      const written = await writeTimes(db, 'sandbox');
      const again = await sync(db, sandbox, { mode: 'full' });
      expectSucceeded(again);
      for (const stream of again.streams)
        expect({
          stream: stream.stream,
          inserted: stream.counts.inserted,
          updated: stream.counts.updated,
        }).toEqual({ stream: stream.stream, inserted: 0, updated: 0 });
      expect(await storeSnapshot(db, 'sandbox')).toEqual(before);
      expect(await writeTimes(db, 'sandbox')).toEqual(written);
    });

    it('reads only what changed after edits, archives and additions', async () => {
      const { db, sandbox } = await fresh();
      const first = await sync(db, sandbox);
      expectSucceeded(first);
      sandbox.change({ edits: 5, archives: 3, deletions: 0, additions: 4 });
      const second = await sync(db, sandbox);
      expectSucceeded(second);
      await expectStoreMatches(db, sandbox);
      for (const stream of second.streams) {
        const full = first.streams.find((s) => s.stream === stream.stream)!;
        if (options.incrementalStreams.includes(stream.stream)) {
          expect({ stream: stream.stream, readFewer: stream.counts.read < full.counts.read }).toEqual({
            stream: stream.stream,
            readFewer: true,
          });
        }
      }
      const written = second.streams.reduce((n, s) => n + s.counts.inserted + s.counts.updated, 0);
      expect(written).toBeGreaterThan(0);
      const archived = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM source_records WHERE source = 'sandbox' AND status = 'archived'`,
      );
      expect(archived[0]!.n).toBeGreaterThan(0);
    });

    it('keeps deleted records as deleted after a reconciliation', async () => {
      const { db, sandbox } = await fresh();
      expectSucceeded(await sync(db, sandbox));
      const before = new Map(STREAMS.map((stream) => [stream, new Set(sandbox.liveIds(stream))]));
      sandbox.change({ edits: 0, archives: 0, deletions: 4, additions: 0 });
      const result = await sync(db, sandbox, { reconcile: true });
      expectSucceeded(result);
      expect(result.reconciled.every((r) => r.status === 'succeeded')).toBe(true);
      await expectStoreMatches(db, sandbox);
      const gone = STREAMS.flatMap((stream) => {
        const now = new Set(sandbox.liveIds(stream));
        return [...before.get(stream)!].filter((id) => !now.has(id)).map((id) => [stream, id] as const);
      });
      expect(gone.length).toBeGreaterThan(0);
      const malformed = new Set(STREAMS.flatMap((stream) => sandbox.malformedIds(stream)));
      for (const [stream, id] of gone.filter(([, id]) => !malformed.has(id))) {
        const [row] = await db.query<{ status: string }>(
          stream === 'orders'
            ? `SELECT record_status AS status FROM orders WHERE source = 'sandbox' AND external_id = $1`
            : `SELECT status FROM source_records WHERE source = 'sandbox' AND stream = $2 AND external_id = $1`,
          stream === 'orders' ? [id] : [id, stream],
        );
        expect({ stream, id, status: row?.status }).toEqual({ stream, id, status: 'deleted' });
      }
    });

    it('reaches the same store with every fault kind on (5xx, 429, session expiry, slow, malformed)', async () => {
      const { db, sandbox } = await fresh(true);
      const result = await sync(db, sandbox);
      expectSucceeded(result);
      await expectStoreMatches(db, sandbox);
    });

    it('resumes after a crash between pages and inside a page, ending equal to an uninterrupted sync', async () => {
      const clean = await fresh();
      expectSucceeded(await sync(clean.db, clean.sandbox));
      const expected = await storeSnapshot(clean.db, 'sandbox');

      const { db, sandbox } = await fresh();
      // Between pages: cancelled after the second committed page.
      const controller = new AbortController();
      let pages = 0;
      const cancelled = await sync(db, sandbox, {
        signal: controller.signal,
        onProgress: () => {
          pages += 1;
          if (pages === 2) controller.abort();
        },
      });
      expect(cancelled.streams.some((s) => s.status === 'cancelled')).toBe(true);
      const resumeAt = async () =>
        (await getCursor<{ resume: unknown }>(db, 'sandbox', 'customers'))?.cursor.resume;
      expect(await resumeAt()).toBeTruthy();
      // Inside a page: the process dies in the middle of a page's transaction, at several points.
      for (const at of [7, 23, 41]) {
        const crashed = await sync(crashingDb(db, at), sandbox).then(
          () => 'no crash',
          (error: Error) => error.message,
        );
        expect(crashed).toMatch(/^simulated crash/);
      }
      expectSucceeded(await sync(db, sandbox));
      expect(await resumeAt()).toBeNull();
      expect(await storeSnapshot(db, 'sandbox')).toEqual(expected);
      const counted = await insertedVersusStored(db, 'sandbox');
      expect(counted.inserted).toBe(counted.stored);
    });

    it('reads the changes made while a read was cut short, once it resumes', async () => {
      const { db, sandbox } = await fresh();
      const controller = new AbortController();
      const cancelled = await sync(db, sandbox, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(cancelled.streams.some((s) => s.status === 'cancelled')).toBe(true);
      sandbox.change({ edits: 6, archives: 2, deletions: 0, additions: 3 });
      expectSucceeded(await sync(db, sandbox));
      expectSucceeded(await sync(db, sandbox));
      // The same end state, synced in one go into an empty store, is the truth to match.
      const truth = await options.openDb();
      opened.push(truth);
      expectSucceeded(await sync(truth.db, sandbox));
      expect(await storeSnapshot(db, 'sandbox')).toEqual(await storeSnapshot(truth.db, 'sandbox'));
    });
  });
}

/** The sandbox's source with small pages, so ties and resumes cross page boundaries. */
function pageSized(sandbox: SandboxHandle) {
  const source = sandbox.source('sandbox');
  return { ...source, pageSize: 7 } as typeof source;
}

function expectSucceeded(result: SourceSyncResult): void {
  expect({
    error: result.error,
    failed: result.streams.filter((s) => s.status !== 'succeeded').map((s) => `${s.stream}: ${s.error}`),
  }).toEqual({ error: undefined, failed: [] });
}
