import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FaultAction, readBody, sendJson, sendText } from '@crm-bridge/sync/testing';
import type { OdooMajor } from './field-specs';
import { OdooException } from './odoo-exception';
import type { SandboxModel } from './odoo-model';
import { dispatch } from './orm-dispatch';

export interface Json2RouteOptions {
  version: OdooMajor;
  database: string;
  apiKey: string;
  models: Map<string, SandboxModel>;
}

const ROUTE = /^\/json\/2\/([^/?]+)\/([^/?]+)\/?(?:\?.*)?$/;
/** Methods decorated @api.model: `ids` in the body is a 422 for them. */
const MODEL_METHODS = new Set(['search_read', 'search', 'search_count', 'fields_get', 'context_get']);

/** POST /json/2/<model>/<method> (Odoo ≥ 19, 1.1 C): bearer key, named params, bare JSON, real statuses. */
export async function handleJson2(
  req: IncomingMessage,
  res: ServerResponse,
  options: Json2RouteOptions,
  fault: FaultAction | null,
): Promise<void> {
  if (options.version < 19) {
    sendText(res, 404, '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>', 'text/html');
    return;
  }
  const route = ROUTE.exec(req.url ?? '');
  if (req.method !== 'POST' || !route) {
    fail(
      res,
      new OdooException('werkzeug.exceptions.NotFound', 'Did you mean POST /json/2/<model>/<method>?', 404),
    );
    return;
  }
  const authorization = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (authorization === undefined) {
    const message = 'User not authenticated, use an API Key with a Bearer Authorization header.';
    fail(res, new OdooException('werkzeug.exceptions.Unauthorized', message, 401), {
      'www-authenticate': 'bearer',
    });
    return;
  }
  const database = req.headers['x-odoo-database'];
  if (authorization !== options.apiKey || (database !== undefined && database !== options.database)) {
    fail(res, new OdooException('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401), {
      'www-authenticate': 'bearer',
    });
    return;
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendText(res, 415, '<!doctype html><title>415 Unsupported Media Type</title>', 'text/html', {
      headers: { accept: 'application/json' },
    });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, 128 * 1_048_576));
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    fail(res, new OdooException('werkzeug.exceptions.BadRequest', 'Invalid JSON data', 400));
    return;
  }
  const [, model = '', method = ''] = route;
  const { ids, context, ...named } = body as Record<string, unknown>;
  try {
    if (ids !== undefined && MODEL_METHODS.has(method)) {
      throw new OdooException(
        'builtins.TypeError',
        `${model}.${method}() got an unexpected keyword argument 'ids'`,
        422,
      );
    }
    const call = {
      model,
      method,
      named: ids === undefined ? named : { ...named, ids },
      context: (context ?? {}) as Record<string, unknown>,
    };
    sendJson(res, 200, dispatch(options.models, call), { truncate: fault?.kind === 'truncate' });
  } catch (error) {
    if (!(error instanceof OdooException)) throw error;
    fail(res, error);
  }
}

/** Json2RpcDispatcher.handle_error: `{name, message, arguments, context, debug}` with the exception's status. */
function fail(res: ServerResponse, error: OdooException, headers: Record<string, string> = {}): void {
  const werkzeug = error.exceptionName.startsWith('werkzeug.');
  sendJson(
    res,
    error.status,
    {
      name: error.exceptionName,
      message: error.message,
      arguments: werkzeug ? [error.message, error.status] : [error.message],
      context: {},
      debug: `Traceback (most recent call last):\n  File "/opt/odoo/addons/rpc/controllers/json2.py" …\n${error.exceptionName}: ${error.message}`,
    },
    { headers },
  );
}
