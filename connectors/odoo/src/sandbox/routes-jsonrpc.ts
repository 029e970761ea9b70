import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FaultAction, readBody, sendJson, sendText } from '@crm-bridge/sync/testing';
import type { OdooMajor } from './field-specs';
import { accessDenied, OdooException } from './odoo-exception';
import type { SandboxModel } from './odoo-model';
import { dispatch, namedFromPositional, SANDBOX_UID } from './orm-dispatch';

export interface JsonRpcRouteOptions {
  version: OdooMajor;
  database: string;
  login: string;
  secret: string;
  models: Map<string, SandboxModel>;
}

type Envelope = { id?: unknown; params?: { service?: unknown; method?: unknown; args?: unknown } };

/**
 * POST /jsonrpc (1.1 A): `common.version/login/authenticate` and `object.execute_kw/execute`. Every answer
 * is HTTP 200: `result`, or `error` with the exception in `data.name` and code 200 (≤ 18) or 0 (19).
 */
export async function handleJsonRpc(
  req: IncomingMessage,
  res: ServerResponse,
  options: JsonRpcRouteOptions,
  fault: FaultAction | null,
): Promise<void> {
  if (req.method !== 'POST') {
    sendText(
      res,
      405,
      '<!doctype html><title>405 Method Not Allowed</title><h1>Method Not Allowed</h1>',
      'text/html',
    );
    return;
  }
  let envelope: Envelope;
  try {
    envelope = JSON.parse(await readBody(req, 128 * 1_048_576)) as Envelope;
  } catch {
    sendText(res, 400, 'Invalid JSON data');
    return;
  }
  const id = envelope?.id ?? null;
  const params = envelope?.params;
  const send = (body: object) =>
    sendJson(res, 200, { jsonrpc: '2.0', id, ...body }, { truncate: fault?.kind === 'truncate' });
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    send(errorBody(options.version, new OdooException('builtins.TypeError', 'params must be an object')));
    return;
  }
  const args = Array.isArray(params.args) ? (params.args as unknown[]) : [];
  try {
    if (params.service === 'object' && fault?.kind === 'session-expired') {
      send({ error: { code: 100, message: 'Odoo Session Expired', data: sessionExpired() } });
      return;
    }
    send({ result: call(options, String(params.service), String(params.method), args) });
  } catch (error) {
    if (!(error instanceof OdooException)) throw error;
    send(errorBody(options.version, error));
  }
}

function call(options: JsonRpcRouteOptions, service: string, method: string, args: unknown[]): unknown {
  if (service === 'common') {
    if (method === 'version') return versionInfo(options.version);
    if (method === 'login' || method === 'authenticate') {
      const [db, login, secret] = args;
      if (db !== options.database)
        throw new OdooException(
          'psycopg2.OperationalError',
          `connection failed: FATAL:  database "${String(db)}" does not exist`,
        );
      return login === options.login && secret === options.secret ? SANDBOX_UID : false;
    }
  }
  if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
    const [db, uid, secret, model, name, ...rest] = args;
    if (db !== options.database)
      throw new OdooException(
        'psycopg2.OperationalError',
        `connection failed: FATAL:  database "${String(db)}" does not exist`,
      );
    if (uid !== SANDBOX_UID || secret !== options.secret) throw accessDenied();
    const positional = method === 'execute_kw' ? ((rest[0] ?? []) as unknown[]) : rest;
    const kwargs = method === 'execute_kw' ? ((rest[1] ?? {}) as Record<string, unknown>) : {};
    return dispatch(options.models, namedFromPositional(String(model), String(name), positional, kwargs));
  }
  throw new OdooException('builtins.KeyError', `'${service}.${method}'`);
}

/** `common.version` as the server answers it. */
export function versionInfo(version: OdooMajor) {
  return {
    server_version: `${version}.0`,
    server_version_info: [version, 0, 0, 'final', 0, ''],
    server_serie: `${version}.0`,
    protocol_version: 1,
  };
}

function sessionExpired() {
  return {
    name: 'odoo.http.SessionExpiredException',
    debug:
      'Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py" …\nodoo.http.SessionExpiredException: Session expired',
    message: 'Session expired',
    arguments: ['Session expired'],
    context: {},
  };
}

/** JsonRPCDispatcher.handle_error: code 200 up to 18, 0 from 19 (PR odoo/odoo#183902). */
function errorBody(version: OdooMajor, error: OdooException) {
  return {
    error: {
      code: version >= 19 ? 0 : 200,
      message: 'Odoo Server Error',
      data: {
        name: error.exceptionName,
        debug: `Traceback (most recent call last):\n  File "/opt/odoo/odoo/service/model.py" …\n${error.exceptionName}: ${error.message}`,
        message: error.message,
        arguments: [error.message],
        context: {},
      },
    },
  };
}
