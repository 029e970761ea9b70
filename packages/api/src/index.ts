/** @crm-bridge/api: the HTTP API v1 (Fastify), its OpenAPI document and API keys. */

export { type ApiDeps, createApi } from './app/create-api';
export { type RunningServer, startServer } from './app/start-server';
export type { ApiActor } from './auth/api-actor';
export {
  type ApiKeyInfo,
  createApiKey,
  listApiKeys,
  NewApiKey,
  revokeApiKey,
} from './auth/api-key-store';
export { keyRole, roleCap, Scope, scopeAllows } from './auth/scopes';
export { MAX_PAGE_SIZE } from './http/pagination';
export { PROBLEM_MEDIA_TYPE, type Problem } from './http/problem';
export type { Route } from './http/route';
export { type OpenApiDocument, openApiDocument, openApiPath } from './openapi/openapi-document';
export { apiRoutes } from './routes/api-routes';
export type { ConnectorLookup } from './sync/sync-launcher';
