import { NotFoundError, SourceId, StreamName } from '@crm-bridge/core';
import { findQuarantineEntry, getSyncRun, listQuarantine, listSyncRuns } from '@crm-bridge/store';
import { z } from 'zod';
import { auditActor } from '../app/route-context';
import { decodeCursor, pageFrom, pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { QuarantineEntry, QuarantineSummary, SyncRun, SyncRunDetail } from '../schemas/sync-schemas';

const tags = ['sync'];
const RunIdParams = z.object({
  id: z.coerce.number<string>().int().positive().meta({ description: 'A run id' }),
});
const KeysetCursor = z.tuple([z.iso.datetime(), z.int()]);

const startRun = defineRoute({
  method: 'POST',
  path: '/v1/sync/runs',
  operationId: 'startSyncRun',
  summary: 'Start a sync of one source; answers at once with the run, which proceeds in the server',
  tags,
  scope: 'sync',
  status: 202,
  body: z.strictObject({
    source: SourceId.meta({ description: 'sources[].id in crm-bridge.yaml' }),
    mode: z.enum(['incremental', 'full']).default('incremental'),
    streams: z
      .array(StreamName)
      .min(1)
      .optional()
      .meta({ description: 'Only these streams; all when absent' }),
    reconcile: z.boolean().default(false).meta({ description: 'Also find records the ERP deleted' }),
  }),
  response: SyncRun,
  errors: [404, 409, 503],
  handler: async ({ body }, { sync, reply, actor }) => {
    const run = await sync.start(body, auditActor(actor));
    reply.header('location', `/v1/sync/runs/${run.id}`);
    return run;
  },
});

const listRuns = defineRoute({
  method: 'GET',
  path: '/v1/sync/runs',
  operationId: 'listSyncRuns',
  summary: 'Sync run history, newest first: whole-source runs and the stream runs they cover',
  tags,
  scope: 'read',
  query: z.object({ source: SourceId.optional(), ...pageQuery }),
  response: pageOf(SyncRun),
  handler: async ({ query }, { db }) => {
    const before = query.cursor ? decodeCursor(query.cursor, KeysetCursor) : undefined;
    const runs = await listSyncRuns(db, {
      ...(query.source ? { source: query.source } : {}),
      limit: query.limit + 1,
      ...(before ? { before: { startedAt: before[0], id: before[1] } } : {}),
    });
    return pageFrom(runs, query.limit, (run) => [run.startedAt, run.id]);
  },
});

const getRun = defineRoute({
  method: 'GET',
  path: '/v1/sync/runs/:id',
  operationId: 'getSyncRun',
  summary: 'One run: its status and counts, and for a whole-source run the stream runs it covered',
  tags,
  scope: 'read',
  params: RunIdParams,
  response: SyncRunDetail,
  errors: [404],
  handler: async ({ params }, { db }) => {
    const run = await getSyncRun(db, params.id);
    if (!run) throw new NotFoundError(`No sync run ${params.id}`, { code: 'api.sync_run_not_found' });
    const streams =
      run.stream === null
        ? await listSyncRuns(db, {
            source: run.source,
            startedFrom: run.startedAt,
            startedUntil: run.finishedAt ?? new Date().toISOString(),
            streamRunsOnly: true,
            limit: 100,
          })
        : [];
    return { ...run, streams };
  },
});

const cancelRun = defineRoute({
  method: 'POST',
  path: '/v1/sync/runs/:id/cancel',
  operationId: 'cancelSyncRun',
  summary: 'Stop a run this server is running, after the page it is writing',
  tags,
  scope: 'sync',
  status: 202,
  params: RunIdParams,
  response: z.strictObject({ id: z.int(), cancelling: z.literal(true) }),
  errors: [404],
  handler: async ({ params }, { sync, actor }) => {
    if (!(await sync.cancel(params.id, auditActor(actor)))) {
      throw new NotFoundError(`Sync run ${params.id} is not running in this server`, {
        code: 'api.sync_run_not_running',
      });
    }
    return { id: params.id, cancelling: true as const };
  },
});

const listQuarantined = defineRoute({
  method: 'GET',
  path: '/v1/sync/quarantine',
  operationId: 'listQuarantine',
  summary: 'Records that failed validation, most recently seen first',
  tags,
  scope: 'read',
  query: z.object({ source: SourceId.optional(), stream: StreamName.optional(), ...pageQuery }),
  response: pageOf(QuarantineSummary),
  handler: async ({ query }, { db }) => {
    const before = query.cursor ? decodeCursor(query.cursor, KeysetCursor) : undefined;
    const rows = await listQuarantine(db, {
      ...(query.source ? { source: query.source } : {}),
      ...(query.stream ? { stream: query.stream } : {}),
      limit: query.limit + 1,
      ...(before ? { before: { lastSeenAt: before[0], id: before[1] } } : {}),
    });
    return pageFrom(
      rows,
      query.limit,
      (entry) => [entry.lastSeenAt, entry.id],
      ({ issues: _issues, raw: _raw, ...summary }) => summary,
    );
  },
});

const showQuarantined = defineRoute({
  method: 'GET',
  path: '/v1/sync/quarantine/:id',
  operationId: 'getQuarantineEntry',
  summary: 'One quarantined record: why, its issues and the raw payload',
  tags,
  scope: 'read',
  params: z.object({ id: z.coerce.number<string>().int().positive() }),
  response: QuarantineEntry,
  errors: [404],
  handler: async ({ params }, { db }) => {
    const entry = await findQuarantineEntry(db, params.id);
    if (!entry)
      throw new NotFoundError(`No quarantine entry ${params.id}`, { code: 'api.quarantine_not_found' });
    return entry;
  },
});

export const syncRoutes = [startRun, listRuns, getRun, cancelRun, listQuarantined, showQuarantined];
