import { randomUUID } from 'node:crypto';
import { type Config, createLogger, type Logger, RateLimitedError } from '@crm-bridge/core';
import { deskSettings, emitSyncRunEvent } from '@crm-bridge/desk';
import { profilesSettings } from '@crm-bridge/profiles';
import type { Db, SyncRun } from '@crm-bridge/store';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createAuthenticator } from '../auth/authenticate';
import { PROBLEM_MEDIA_TYPE, problemAnswer, problemFor } from '../http/problem';
import type { Route } from '../http/route';
import { type ApiMetrics, createApiMetrics } from '../metrics/api-metrics';
import { openApiDocument } from '../openapi/openapi-document';
import { apiRoutes } from '../routes/api-routes';
import { type ConnectorLookup, createSyncLauncher } from '../sync/sync-launcher';
import { registerRoute } from './register-route';
import type { ApiServices } from './route-context';

export interface ApiDeps {
  db: Db;
  config: Config;
  /** Where request and error lines go; secrets are redacted. @defaultValue a logger at config.logging.level */
  log?: Logger;
  /** The connector for a source kind (the CLI's registry); without it, POST /v1/sync/runs answers 503. */
  connectorFor?: ConnectorLookup;
  /** Check every JSON answer against its route's schema (tests: the OpenAPI document stays exact). */
  validateResponses?: boolean;
  /** How long a verified key is trusted before it is read again (ms). @defaultValue 5000 */
  authCacheTtlMs?: number;
  /** Requests per key per window. @defaultValue config.api.rateLimit */
  rateLimit?: { max: number; windowMs: number };
  /** Largest request body in bytes. @defaultValue config.api.bodyLimit */
  bodyLimit?: number;
  /** Node process metrics (memory, event loop) on /metrics. @defaultValue true */
  processMetrics?: boolean;
  /** Told of every sync run this process finished, after its metrics. @defaultValue the desk's sync.completed / sync.failed event */
  onSyncFinished?: (run: SyncRun) => Promise<void> | void;
  /** How long closing the app waits for sync runs to stop after their current page. @defaultValue 30000 */
  syncStopGraceMs?: number;
  /** The routes to serve. @defaultValue every v1 route */
  routes?: readonly Route[];
  /** Adds collectors of other parts of the process (the job queues) to the /metrics registry. */
  registerMetrics?: (registry: ApiMetrics['registry']) => void;
  /** Adds endpoints of other parts of the process (the chat bots' receivers), outside /v1 and its keys. */
  mount?: (app: FastifyInstance) => void;
}

const SECRET_QUERY = /([?&][^=&]*(?:key|token|secret|password)[^=&]*=)[^&]*/gi;
const URL_PASSWORD = /(\/\/[^:/@\s]+:)[^@\s]+@/g;

/** An error as the log shows it: a password inside a URL in its message or stack is masked. */
function errorForLog(error: unknown) {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  const mask = (text: string | undefined) => text?.replace(URL_PASSWORD, '$1***@');
  return { type: name, message: mask(message), stack: mask(stack), code: (error as { code?: unknown }).code };
}

/** A request as log lines show it: never its headers, and secret-looking query values masked. */
function requestForLog(request: { method: string; url: string; id: string; ip?: string }) {
  return {
    id: request.id,
    method: request.method,
    url: request.url.replace(SECRET_QUERY, '$1[redacted]'),
    remoteAddress: request.ip,
  };
}

/**
 * The HTTP API v1 as a Fastify instance, ready for `inject` or `listen`. Closing it stops the sync runs
 * it started (each after the page it is writing).
 */
export function createApi(deps: ApiDeps): FastifyInstance {
  const { db, config } = deps;
  const baseLog = deps.log ?? createLogger({ level: config.logging.level });
  const log = baseLog.child({}, { serializers: { req: requestForLog } });
  const limits = deps.rateLimit ?? { max: config.api.rateLimit.max, windowMs: config.api.rateLimit.window };
  const metrics = createApiMetrics({ db, log, processMetrics: deps.processMetrics ?? true });
  deps.registerMetrics?.(metrics.registry);
  const sync = createSyncLauncher({
    db,
    config,
    log,
    connectorFor: deps.connectorFor,
    onStarted: (run) => metrics.syncStarted(run.source),
    onFinished: async (run) => {
      metrics.syncFinished(run);
      await (deps.onSyncFinished ?? ((finished) => emitSyncRunEvent(db, finished)))(run);
    },
  });
  const routes = deps.routes ?? apiRoutes;
  let document: unknown;
  const services: ApiServices = {
    db,
    config,
    profiles: profilesSettings(config),
    desk: deskSettings(config),
    log,
    sync,
    metrics,
    openApi: () => {
      document ??= openApiDocument(routes, config.api.publicUrl ? { serverUrl: config.api.publicUrl } : {});
      return document;
    },
  };
  const authenticate = createAuthenticator({ db, log, cacheTtlMs: deps.authCacheTtlMs ?? 5000 });

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? config.api.bodyLimit,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  });
  app.decorateRequest('actor', null);

  app.setErrorHandler((error, request, reply) => {
    const answer = problemAnswer(error, request);
    if (answer.internal) request.log.error({ err: errorForLog(error) }, 'request failed');
    else if (answer.status >= 500)
      request.log.warn({ code: answer.problem.code, detail: answer.problem.detail }, 'not ready');
    reply.code(answer.status).headers(answer.headers).type(PROBLEM_MEDIA_TYPE).send(answer.problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problemFor(
      {
        status: 404,
        code: 'http.not_found',
        detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      },
      request,
    );
    reply.code(404).type(PROBLEM_MEDIA_TYPE).send(problem);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onClose', async () => {
    await sync.stop(deps.syncStopGraceMs ?? 30_000);
  });

  // Registered before the routes so its onRoute hook sees them; it runs after each route's authentication.
  app.register(rateLimit, {
    global: true,
    max: limits.max,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => (request.actor ? `key:${request.actor.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`Rate limit of ${context.max} requests exceeded; retry in ${context.after}`, {
        code: 'api.rate_limited',
        retryAfterMs: context.ttl,
      }),
  });
  app.register(async (scope) => {
    for (const route of routes) {
      registerRoute(scope, route, services, {
        authenticate,
        validateResponses: deps.validateResponses ?? false,
      });
    }
  });
  deps.mount?.(app);
  return app;
}
