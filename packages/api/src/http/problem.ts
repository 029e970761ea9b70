import { STATUS_CODES } from 'node:http';
import {
  ConfigError,
  ConflictError,
  CrmError,
  ForbiddenError,
  InvalidRecordError,
  NotFoundError,
  RateLimitedError,
  SessionExpiredError,
  TransientError,
} from '@crm-bridge/core';
import { z } from 'zod';
import { type FieldIssue, fieldIssues, RequestValidationError, UnauthorizedError } from './http-errors';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json; charset=utf-8';

/** Every error the API answers, in one shape (RFC 9457 problem details). */
export const Problem = z
  .object({
    type: z.string().meta({ description: 'A URI naming the kind of problem: urn:crm-bridge:problem:<code>' }),
    title: z.string().meta({ description: 'The HTTP status phrase' }),
    status: z.int().min(400).max(599),
    detail: z.string().meta({ description: 'What went wrong and what to do, for people' }),
    instance: z.string().meta({ description: 'The request path' }),
    code: z.string().meta({ description: 'A stable error code, e.g. desk.ticket_not_found' }),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Validation issues, each at its path: body.title, query.limit, params.id' }),
  })
  .meta({ title: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** An answer to an error: status, body and any headers it needs (Retry-After, WWW-Authenticate). */
export interface ProblemAnswer {
  status: number;
  problem: Problem;
  headers: Record<string, string>;
  /** True for errors that mean a bug or an outage: logged with their stack. */
  internal: boolean;
}

interface ProblemParts {
  status: number;
  code: string;
  detail: string;
  errors?: FieldIssue[];
  headers?: Record<string, string>;
  internal?: boolean;
}

/** The status a desk, profiles or sync error means to an HTTP client. */
function crmStatus(error: CrmError): number {
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof TransientError || error instanceof SessionExpiredError) return 503;
  if (error instanceof ConfigError) return 503; // the server's config or store needs fixing, not the request
  if (error instanceof InvalidRecordError) return 400;
  if (error.code === 'internal') return 500;
  return 400; // a use case refusing its input (a bad search limit, an impossible change)
}

const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

function partsOf(error: unknown): ProblemParts {
  if (error instanceof RequestValidationError) {
    return { status: 400, code: error.code, detail: error.message, errors: error.issues };
  }
  if (error instanceof z.ZodError) {
    // A use case refusing its input: the paths are its own field names (cursor, ownerId, until).
    return {
      status: 400,
      code: 'api.invalid_request',
      detail: 'The request is not valid: see errors',
      errors: fieldIssues(null, error.issues),
    };
  }
  if (error instanceof CrmError) {
    const status = crmStatus(error);
    const headers: Record<string, string> = {};
    if (error instanceof UnauthorizedError) {
      headers['www-authenticate'] =
        error.reason === 'missing'
          ? 'Bearer realm="crm-bridge"'
          : 'Bearer realm="crm-bridge", error="invalid_token"';
    }
    if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
      headers['retry-after'] = seconds(error.retryAfterMs);
    }
    if (status === 500) return { status, code: 'internal', detail: internalDetail, internal: true };
    const errors = Array.isArray(error.details?.issues) ? (error.details.issues as FieldIssue[]) : undefined;
    return { status, code: error.code, detail: error.message, headers, ...(errors ? { errors } : {}) };
  }
  const fastify = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (
    typeof fastify.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500 &&
    typeof fastify.code === 'string' &&
    fastify.code.startsWith('FST_')
  ) {
    // Fastify's own request errors (body too large, bad JSON, unsupported media type): safe to show.
    return { status: fastify.statusCode, code: fastifyCode(fastify.code), detail: String(fastify.message) };
  }
  return { status: 500, code: 'internal', detail: internalDetail, internal: true };
}

const internalDetail = 'An unexpected error occurred; it was logged under this request id';

/** `FST_ERR_CTP_BODY_TOO_LARGE` → `http.body_too_large`. */
function fastifyCode(code: string): string {
  const known: Record<string, string> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'http.body_too_large',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'http.unsupported_media_type',
    FST_ERR_CTP_INVALID_JSON_BODY: 'http.invalid_json',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'http.empty_json_body',
  };
  return known[code] ?? 'http.bad_request';
}

/** A problem answer for a status with no error behind it (404 for an unknown route, 503 not ready). */
export function problemFor(
  parts: { status: number; code: string; detail: string; errors?: FieldIssue[] },
  request: { url: string; id: string },
): Problem {
  return {
    type: `urn:crm-bridge:problem:${parts.code}`,
    title: STATUS_CODES[parts.status] ?? 'Error',
    status: parts.status,
    detail: parts.detail,
    instance: request.url.split('?')[0] ?? request.url,
    code: parts.code,
    requestId: request.id,
    ...(parts.errors ? { errors: parts.errors } : {}),
  };
}

/** Maps anything thrown while answering to its problem answer; internals never reach the client. */
export function problemAnswer(error: unknown, request: { url: string; id: string }): ProblemAnswer {
  const parts = partsOf(error);
  return {
    status: parts.status,
    problem: problemFor(parts, request),
    headers: parts.headers ?? {},
    internal: parts.internal ?? false,
  };
}
