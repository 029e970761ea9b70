import { ForbiddenError } from '@crm-bridge/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiActor } from '../auth/api-actor';
import type { Authenticator } from '../auth/authenticate';
import { scopeAllows } from '../auth/scopes';
import type { Route } from '../http/route';
import type { ApiServices, RouteContext } from './route-context';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key's actor, set by the authentication hook of a non-public route. */
    actor: ApiActor | null;
  }
}

/** n8n says so with `X-CRM-Bridge-Channel: n8n`; everything else is the API channel. */
function channelOf(request: FastifyRequest): ApiActor['channel'] {
  return request.headers['x-crm-bridge-channel'] === 'n8n' ? 'n8n' : 'api';
}

/**
 * Registers one route: authentication and the scope check before the body is read (then the rate limit,
 * which the plugin adds after them), then the zod parse and the handler.
 */
export function registerRoute(
  app: FastifyInstance,
  route: Route,
  services: ApiServices,
  options: { authenticate: Authenticator; validateResponses: boolean },
): void {
  const { scope } = route;
  app.route({
    method: route.method,
    url: route.path,
    // Public routes (health, metrics, the document) are not rate limited per key.
    ...(scope === null ? { config: { rateLimit: false } } : {}),
    onRequest:
      scope === null
        ? []
        : [
            async (request) => {
              const actor = await options.authenticate(request.headers.authorization);
              request.actor = { ...actor, channel: channelOf(request) };
              if (!scopeAllows(actor.scopes, scope)) {
                throw new ForbiddenError(
                  `This API key has the scopes ${actor.scopes.join(', ')}; ${route.method} ${route.path} needs ${scope}`,
                  { code: 'api.scope_missing', details: { required: scope } },
                );
              }
            },
          ],
    handler: async (request, reply) => {
      const context: RouteContext<typeof scope> = { ...services, actor: request.actor, request, reply };
      const result = await route.run(
        { params: request.params, query: request.query, body: request.body },
        context,
      );
      if (options.validateResponses && route.produces === 'application/json') {
        const checked = route.response.safeParse(result);
        if (!checked.success) {
          throw new Error(`${route.operationId} answered outside its schema: ${checked.error.message}`);
        }
      }
      reply.code(route.status);
      if (route.status === 204) return reply.send();
      return result;
    },
  });
}
