import type { Config, Logger } from '@crm-bridge/core';
import type { DeskSettings } from '@crm-bridge/desk';
import type { ProfilesSettings } from '@crm-bridge/profiles';
import type { Actor, Db } from '@crm-bridge/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiActor } from '../auth/api-actor';
import type { Scope } from '../auth/scopes';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { SyncLauncher } from '../sync/sync-launcher';

/** What every route handler can use: the store, the config and the API's own services. */
export interface ApiServices {
  db: Db;
  config: Config;
  profiles: ProfilesSettings;
  desk: DeskSettings;
  log: Logger;
  sync: SyncLauncher;
  metrics: ApiMetrics;
  /** The OpenAPI document of this API (built once). */
  openApi(): unknown;
}

/** A handler's context: the services, the key's actor (null on public routes), the request and reply. */
export interface RouteContext<S extends Scope | null> extends ApiServices {
  actor: S extends Scope ? ApiActor : null;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** What the store's audit columns record of an API actor. */
export function auditActor(actor: ApiActor): Actor {
  return { kind: actor.kind, id: actor.id, channel: actor.channel };
}

/** Who calls the webhook use cases: the audited identity and its role. */
export function webhookCaller(actor: ApiActor): { actor: Actor; role: ApiActor['role'] } {
  return { actor: auditActor(actor), role: actor.role };
}
