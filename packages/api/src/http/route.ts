import { z } from 'zod';
import type { RouteContext } from '../app/route-context';
import type { Scope } from '../auth/scopes';
import { type FieldIssue, fieldIssues, RequestValidationError } from './http-errors';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

type NoFields = z.ZodObject<Record<never, never>>;

/** Everything about one route: the router registers it and the OpenAPI document describes it, from this. */
export interface RouteSpec<
  S extends Scope | null,
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: HttpMethod;
  /** Fastify syntax: `/v1/tickets/:ref`. */
  path: string;
  /** Unique, camelCase: the OpenAPI operationId. */
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** The scope a key needs; null for the public routes (health, metrics, the document). */
  scope: S;
  params?: P;
  query?: Q;
  body?: B;
  /** The success body. */
  response: R;
  /** @defaultValue 200 */
  status?: 200 | 201 | 202 | 204;
  /** @defaultValue application/json */
  produces?: 'application/json' | 'text/plain';
  /** Statuses this route answers besides 400, 401, 403, 429 and 500 (404, 409, 503 …). */
  errors?: readonly number[];
  handler(
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    context: RouteContext<S>,
  ): Promise<z.input<R>>;
}

/** A route with its types erased, as the router and the document generator hold it. */
export interface Route {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description: string | undefined;
  tags: readonly string[];
  scope: Scope | null;
  params: z.ZodObject | undefined;
  query: z.ZodObject | undefined;
  body: z.ZodType | undefined;
  response: z.ZodType;
  status: 200 | 201 | 202 | 204;
  produces: 'application/json' | 'text/plain';
  errors: readonly number[];
  /** Parses the raw params, query and body (a RequestValidationError lists every issue) and runs the handler. */
  run(
    raw: { params: unknown; query: unknown; body: unknown },
    context: RouteContext<Scope | null>,
  ): Promise<unknown>;
}

function parsePart(
  location: 'params' | 'query' | 'body',
  schema: z.ZodType | undefined,
  value: unknown,
  issues: FieldIssue[],
): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  issues.push(...fieldIssues(location, parsed.error.issues));
  return undefined;
}

/** Declares a route; its types flow from the schemas to the handler. */
export function defineRoute<
  S extends Scope | null,
  R extends z.ZodType,
  P extends z.ZodObject = NoFields,
  Q extends z.ZodObject = NoFields,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<S, P, Q, B, R>): Route {
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    scope: spec.scope,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    status: spec.status ?? 200,
    produces: spec.produces ?? 'application/json',
    errors: spec.errors ?? [],
    async run(raw, context) {
      const issues: FieldIssue[] = [];
      const params = parsePart('params', spec.params, raw.params, issues);
      const query = parsePart('query', spec.query, raw.query, issues);
      const body = parsePart('body', spec.body, raw.body, issues);
      if (issues.length > 0) throw new RequestValidationError(issues);
      return spec.handler(
        { params, query, body } as { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
        context as RouteContext<S>,
      );
    },
  };
}

/** The empty response of a 204. */
export const NoContent = z.undefined();
