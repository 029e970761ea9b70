import { TransientError } from '@crm-bridge/core';
import { migrationStatus } from '@crm-bridge/store';
import { z } from 'zod';
import { defineRoute } from '../http/route';

const tags = ['health'];

/** The process is up: no store call, for liveness probes. */
const healthz = defineRoute({
  method: 'GET',
  path: '/healthz',
  operationId: 'healthz',
  summary: 'Liveness: the process answers',
  tags,
  scope: null,
  response: z.object({ status: z.literal('ok') }),
  handler: async () => ({ status: 'ok' as const }),
});

/** Ready for traffic: the store answers and has every migration this build knows. */
const readyz = defineRoute({
  method: 'GET',
  path: '/readyz',
  operationId: 'readyz',
  summary: 'Readiness: the store is reachable and its migrations are current',
  tags,
  scope: null,
  response: z.object({ status: z.literal('ready'), migrations: z.object({ applied: z.int() }) }),
  errors: [503],
  handler: async (_input, { db }) => {
    let status: Awaited<ReturnType<typeof migrationStatus>>;
    try {
      status = await migrationStatus(db);
    } catch (error) {
      throw new TransientError('The store is not reachable', {
        code: 'api.store_unreachable',
        cause: error,
      });
    }
    if (status.pending.length > 0) {
      throw new TransientError(
        `The store needs migrations (${status.pending.join(', ')}): run crm-bridge migrate`,
        { code: 'api.store_not_migrated' },
      );
    }
    return { status: 'ready' as const, migrations: { applied: status.applied.length } };
  },
});

const metrics = defineRoute({
  method: 'GET',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics: requests, sync runs, tickets and reminders',
  tags,
  scope: null,
  produces: 'text/plain',
  response: z.string(),
  handler: async (_input, { metrics: apiMetrics, reply }) => {
    reply.type(apiMetrics.registry.contentType);
    return apiMetrics.registry.metrics();
  },
});

const openApi = defineRoute({
  method: 'GET',
  path: '/v1/openapi.json',
  operationId: 'openApiDocument',
  summary: 'This OpenAPI 3.1 document',
  tags,
  scope: null,
  response: z.record(z.string(), z.unknown()),
  handler: async (_input, { openApi: document }) => document() as Record<string, unknown>,
});

export const healthRoutes = [healthz, readyz, metrics, openApi];
