import { type IDataObject, sleep } from 'n8n-workflow';
import { segment } from '../../../shared/transport';
import { compact, invalid, type Operation, type OperationContext, param, requiredString } from './operation';

/** A run that has ended; `running` is the only status that has not. */
const isFinished = (run: IDataObject) => run.status !== 'running';

function runIdOf(ctx: OperationContext): number {
  const id = Number(param<number>(ctx, 'runId'));
  if (!Number.isInteger(id) || id < 1) throw invalid(ctx, 'Run ID must be a positive whole number');
  return id;
}

const readRun = (ctx: OperationContext, id: number) =>
  ctx.client.request({ method: 'GET', path: `/v1/sync/runs/${segment(id)}`, itemIndex: ctx.itemIndex });

/**
 * Reads the run until it finishes, bounded by the max wait (wall time, Date.now()) and so by a request count
 * too; the pause between reads is n8n-workflow's own sleep, and a cancelled execution stops waiting. A run still going at the end comes back with
 * `timedOut: true` rather than as an error, so a workflow can branch on it.
 */
async function waitForRun(ctx: OperationContext, id: number, first?: IDataObject): Promise<IDataObject> {
  const maxWaitMs = param<number>(ctx, 'maxWaitSeconds', 300) * 1000;
  const intervalMs = Math.max(1, param<number>(ctx, 'pollIntervalSeconds', 5)) * 1000;
  if (!(maxWaitMs > 0)) throw invalid(ctx, 'Max Wait must be at least 1 second');
  const signal = ctx.fx.getExecutionCancelSignal?.();
  const deadline = Date.now() + maxWaitMs;
  const maxReads = Math.ceil(maxWaitMs / intervalMs) + 1;
  let run = first ?? (await readRun(ctx, id));
  for (let reads = 1; !isFinished(run) && reads < maxReads && Date.now() < deadline; reads++) {
    // n8n-workflow's sleep (2.41 has no sleepWithAbort); a cancelled execution stops at the next read.
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    if (signal?.aborted) break;
    run = await readRun(ctx, id);
  }
  return { ...run, timedOut: !isFinished(run) };
}

const start: Operation = async (ctx) => {
  const source = requiredString(ctx, 'source', 'Source');
  const extra = param<IDataObject>(ctx, 'additionalFields', {});
  const streams = String(extra.streams ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const run = await ctx.client.request({
    method: 'POST',
    path: '/v1/sync/runs',
    body: compact({
      source,
      mode: extra.mode,
      reconcile: extra.reconcile,
      streams: streams.length > 0 ? streams : undefined,
    }),
    itemIndex: ctx.itemIndex,
  });
  if (!param<boolean>(ctx, 'waitForCompletion', false)) return run;
  return waitForRun(ctx, Number(run.id));
};

const getRun: Operation = (ctx) => readRun(ctx, runIdOf(ctx));

const wait: Operation = (ctx) => waitForRun(ctx, runIdOf(ctx));

export const syncOperationHandlers: Record<string, Operation> = { start, getRun, waitForRun: wait };
