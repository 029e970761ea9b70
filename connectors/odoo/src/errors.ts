import { ConfigError, CrmError, SessionExpiredError, TransientError } from '@crm-bridge/core';
import type { ErrorRule, ErrorTable, HttpFailure } from '@crm-bridge/sync';

/** Odoo's exception, from a JSON-RPC `error` (HTTP 200, 1.5) or a JSON-2 error body (real status, 1.1 C). */
interface OdooException {
  /** JSON-RPC `error.code`: 200 (≤ 18) or 0 (19) for server errors, 100 session, 404 route; null on JSON-2. */
  code: number | null;
  name: string;
  message: string;
}

function exceptionOf(failure: HttpFailure): OdooException | null {
  const body = failure.body as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object') return null;
  const error = body.error as Record<string, unknown> | undefined;
  if (error && typeof error === 'object') {
    const data = (error.data ?? {}) as Record<string, unknown>;
    return {
      code: typeof error.code === 'number' ? error.code : null,
      name: typeof data.name === 'string' ? data.name : '',
      message: String(data.message ?? error.message ?? ''),
    };
  }
  if (typeof body.name === 'string')
    return { code: null, name: body.name, message: String(body.message ?? '') };
  return null;
}

/** Odoo's words, cut short; never `debug` (a traceback with server paths). */
function said(exception: OdooException): string {
  const text = exception.message.length > 300 ? `${exception.message.slice(0, 300)}…` : exception.message;
  return `${exception.name || 'Odoo error'}: ${text}`;
}

function onException(
  test: (exception: OdooException, failure: HttpFailure) => boolean,
  raise: (exception: OdooException, failure: HttpFailure) => CrmError,
): ErrorRule {
  return {
    match: (failure) => {
      const exception = exceptionOf(failure);
      return exception !== null && test(exception, failure);
    },
    raise: (failure) => raise(exceptionOf(failure)!, failure),
  };
}

const isRpc = (failure: HttpFailure) => failure.url.endsWith('/jsonrpc');
const PSYCOPG_CONFLICT = /TransactionRollbackError|SerializationFailure|DeadlockDetected|LockNotAvailable/;
const json2 = (status: number) => (_: OdooException, failure: HttpFailure) =>
  !isRpc(failure) && failure.status === status;

/** Odoo's failures on both APIs, mapped to what to do next (1.5, 1.1 C). Tried before the engine's defaults. */
export const odooErrors: ErrorTable = [
  // The legacy API is gone (Odoo 22+) or the URL is not Odoo: session detection falls back to JSON-2 on this code.
  {
    match: (failure) => isRpc(failure) && failure.status === 404,
    raise: () =>
      new ConfigError('Odoo has no /jsonrpc here: check the url, or use api: json2', {
        code: 'odoo.jsonrpc_missing',
      }),
  },
  onException(
    (e) => e.code === 100 || e.name === 'odoo.http.SessionExpiredException',
    (e) =>
      new SessionExpiredError(`Odoo session expired (${e.name || 'code 100'})`, {
        code: 'odoo.session_expired',
      }),
  ),
  onException(
    (e) => e.name === 'odoo.exceptions.AccessDenied',
    (e) => new ConfigError(`Odoo refused the credentials: ${said(e)}`, { code: 'odoo.access_denied' }),
  ),
  onException(
    (e) => e.name === 'odoo.exceptions.AccessError',
    (e) => new ConfigError(`The Odoo user may not read this: ${said(e)}`, { code: 'odoo.access_error' }),
  ),
  // Odoo retries serialization failures itself (5 times); one that still escapes is worth another try.
  onException(
    (e) => PSYCOPG_CONFLICT.test(e.name),
    (e) => new TransientError(`Odoo database conflict: ${said(e)}`, { code: 'odoo.db_conflict' }),
  ),
  // The database named in the config does not exist on this server.
  onException(
    (e) => /^psycopg2?\./.test(e.name) && /database .* does not exist/.test(e.message),
    (e) => new ConfigError(`Odoo has no such database: ${said(e)}`, { code: 'odoo.database_missing' }),
  ),
  // Any other PostgreSQL trouble (a dropped connection, a restart) passes.
  onException(
    (e) => /^psycopg2?\./.test(e.name),
    (e) => new TransientError(`Odoo database error: ${said(e)}`, { code: 'odoo.db_error' }),
  ),
  // A record deleted between search and read inside search_read: the page reads clean on a retry.
  onException(
    (e) => e.name === 'odoo.exceptions.MissingError',
    (e) => new TransientError(said(e), { code: 'odoo.missing_record' }),
  ),
  // "Invalid field 'mobile' on model 'res.partner'", a bad domain or unknown kwargs: fix the filter/version.
  onException(
    (e) => /ValueError|ValidationError|UserError|KeyError/.test(e.name),
    (e) => new ConfigError(`Odoo rejected the query: ${said(e)}`, { code: 'odoo.invalid_query' }),
  ),
  onException(
    (e) => e.code === 404,
    () =>
      new ConfigError('Odoo answered 404 for the JSON-RPC route: check the url', { code: 'odoo.not_found' }),
  ),
  // JSON-2 statuses (19.0 table).
  onException(
    json2(401),
    (e) => new ConfigError(`Odoo refused the API key: ${said(e)}`, { code: 'odoo.invalid_api_key' }),
  ),
  onException(
    json2(403),
    (e) => new ConfigError(`The Odoo user may not do this: ${said(e)}`, { code: 'odoo.access_error' }),
  ),
  onException(
    json2(404),
    (e) => new ConfigError(`Odoo has no such model or method: ${said(e)}`, { code: 'odoo.not_found' }),
  ),
  onException(
    json2(409),
    (e) => new TransientError(`Odoo records are locked: ${said(e)}`, { code: 'odoo.locked' }),
  ),
  onException(
    json2(422),
    (e) => new ConfigError(`Odoo rejected the query: ${said(e)}`, { code: 'odoo.invalid_query' }),
  ),
  {
    match: (failure) => !isRpc(failure) && failure.status === 401,
    raise: () => new ConfigError('Odoo refused the API key (401)', { code: 'odoo.invalid_api_key' }),
  },
  // Any other server exception inside a JSON-RPC 200: a bug or a state retrying will not change.
  onException(
    (_, failure) => isRpc(failure) && failure.status === 200,
    (e) => new CrmError('odoo.server_error', `Odoo failed: ${said(e)}`, 'none'),
  ),
  // HTTP 200 that is not JSON-RPC: an HTML page, typically the database selector after a redirect.
  {
    match: (failure) => isRpc(failure) && failure.status === 200 && exceptionOf(failure) === null,
    raise: () =>
      new ConfigError('Odoo did not answer JSON-RPC at /jsonrpc: check the url and the database name', {
        code: 'odoo.not_jsonrpc',
      }),
  },
];
