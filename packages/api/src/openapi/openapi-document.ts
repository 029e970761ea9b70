import { STATUS_CODES } from 'node:http';
import { Problem } from '../http/problem';
import type { Route } from '../http/route';
import { type JsonSchema, toJsonSchema } from './json-schema';

/** The OpenAPI 3.1 document, as JSON. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
  tags: { name: string }[];
};

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: 'form';
  explode?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-required-scope'?: string;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** `/v1/tickets/:ref` → `/v1/tickets/{ref}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The error answers every operation may give, as shared responses. */
const sharedErrors: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is not valid; errors[] names each field' },
  401: { name: 'Unauthorized', description: 'No API key, or a forged, expired or revoked one' },
  403: { name: 'Forbidden', description: "Outside the key's scopes or its role" },
  404: { name: 'NotFound', description: 'No such thing' },
  409: { name: 'Conflict', description: 'The change collides with the current state; detail says why' },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than the configured limit' },
  429: { name: 'TooManyRequests', description: "Over the key's rate limit; retry after Retry-After seconds" },
  500: { name: 'InternalError', description: 'An unexpected error; logged under requestId' },
  503: { name: 'Unavailable', description: 'The store or a dependency is not ready; retry later' },
};

/** Headers some error answers carry. */
const errorHeaders: Record<number, Record<string, unknown>> = {
  401: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer realm="crm-bridge"' } },
  429: {
    'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the key may call again' },
  },
};

function parameters(route: Route, defs: Record<string, JsonSchema>): OpenApiParameter[] {
  const list: OpenApiParameter[] = [];
  const add = (location: 'path' | 'query', shape: Record<string, unknown> | undefined) => {
    for (const [name, field] of Object.entries(shape ?? {})) {
      const zodField = field as Parameters<typeof toJsonSchema>[0];
      const { description, ...schema } = toJsonSchema(zodField, 'output', defs);
      const parameter: OpenApiParameter = {
        name,
        in: location,
        required: location === 'path' || !zodField.safeParse(undefined).success,
        schema,
      };
      if (typeof description === 'string') parameter.description = description;
      if (schema.type === 'array') Object.assign(parameter, { style: 'form', explode: true });
      list.push(parameter);
    }
  };
  add('path', route.params?.shape);
  add('query', route.query?.shape);
  return list;
}

function operation(route: Route, defs: Record<string, JsonSchema>): OpenApiOperation {
  const errors = new Set([400, 500, ...(route.scope === null ? [] : [401, 403, 429]), ...route.errors]);
  if (route.body) errors.add(413);
  const success =
    route.status === 204
      ? { description: 'Done; no content' }
      : {
          description: STATUS_CODES[route.status] ?? 'OK',
          content: { [route.produces]: { schema: toJsonSchema(route.response, 'output', defs) } },
        };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    security: route.scope === null ? [] : [{ apiKey: [] }],
    ...(route.scope === null ? {} : { 'x-required-scope': route.scope }),
    parameters: parameters(route, defs),
    ...(route.body
      ? {
          requestBody: {
            required: true as const,
            content: { 'application/json': { schema: toJsonSchema(route.body, 'input', defs) } },
          },
        }
      : {}),
    responses: {
      [String(route.status)]: success,
      ...Object.fromEntries(
        [...errors]
          .sort()
          .map((status) => [
            String(status),
            { $ref: `#/components/responses/${sharedErrors[status]?.name ?? 'InternalError'}` },
          ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of the routes: paths, parameters, bodies and answers from their zod schemas. */
export function openApiDocument(
  routes: readonly Route[],
  options: { serverUrl?: string } = {},
): OpenApiDocument {
  const defs: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, defs);
  }
  const problem = toJsonSchema(Problem, 'output', defs);
  return {
    openapi: '3.1.0',
    info: {
      title: 'CRM Bridge API',
      version: '1',
      description:
        'Customers, profiles, tickets, reminders, sync runs, employees and webhooks. Authenticate with ' +
        '`Authorization: Bearer <API key>` (crm-bridge apikey create). Errors are RFC 9457 problem+json.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: { ...defs, Problem: problem },
      responses: Object.fromEntries(
        Object.entries(sharedErrors).map(([status, { name, description }]) => [
          name,
          {
            description,
            ...(errorHeaders[Number(status)] ? { headers: errorHeaders[Number(status)] } : {}),
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key from `crm-bridge apikey create`; each route needs the scope in x-required-scope',
        },
      },
    },
    tags: [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name })),
  };
}
