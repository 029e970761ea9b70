/**
 * The sandbox's request handler: faults first (as the web server in front of 1C would fail), then Basic auth
 * (UTF-8 logins), then the OData routes under the publication's path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, type Faults, type SandboxHandler, sendText } from '@crm-bridge/sync/testing';
import type { SandboxSet } from './entity-sets';
import { type ListResult, listQuery, ODataFailure } from './list-query';
import {
  type Answer,
  sendEntity,
  sendList,
  sendODataError,
  sendServiceDocument,
  sendUnauthorized,
} from './odata-response';

/** The publication path: `<server>/trade/odata/standard.odata/`. */
export const PUBLICATION_PATH = '/trade/odata/standard.odata';

const INTERNAL_ERROR =
  'Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.';

export interface RoutesOptions {
  sets: Map<string, SandboxSet>;
  faults: Faults;
  username: string;
  password: string;
}

export function createOneCHandler(options: RoutesOptions): SandboxHandler {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  return async (req: IncomingMessage, res: ServerResponse) => {
    const action = options.faults.beforeRequest({ method: req.method, url: req.url });
    if (action?.kind === 'rate-limit') {
      // 1C has no rate limit of its own; a saturated IIS application pool answers 503 instead of 429.
      const headers: Record<string, number> =
        action.retryAfterSeconds === null ? {} : { 'retry-after': action.retryAfterSeconds };
      sendText(
        res,
        503,
        '<h1>Service Unavailable</h1><p>HTTP Error 503. The service is unavailable.</p>',
        'text/html',
        {
          headers,
        },
      );
      return;
    }
    if (action?.kind === 'server-error' && action.status === 502) {
      // A third of the server errors come from 1C itself (a busy or failing server process), not the proxy.
      const body = { 'odata.error': { code: '-1', message: { lang: 'ru', value: INTERNAL_ERROR } } };
      sendText(res, 500, JSON.stringify(body), 'application/json;charset=utf-8');
      return;
    }
    // No sessions in 1C's Basic-auth OData: a 'session-expired' fault has nothing to expire and is answered normally.
    if (await applyFault(res, action)) return;
    if (req.headers.authorization !== expected) {
      sendUnauthorized(res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname !== PUBLICATION_PATH && !url.pathname.startsWith(`${PUBLICATION_PATH}/`)) {
      sendText(res, 404, '<html><body><h1>Not Found</h1></body></html>', 'text/html');
      return;
    }
    const format = url.searchParams.get('$format');
    const answer: Answer = {
      res,
      root: `http://${req.headers.host ?? 'sandbox'}${PUBLICATION_PATH}/`,
      // Without $format=json 1C answers Atom XML, whatever the Accept header says (5.2).
      json: format === 'json' || format === 'application/json',
      ...(action?.kind === 'truncate' ? { send: { truncate: true } } : {}),
    };
    if (req.method !== 'GET') {
      sendODataError(answer, 405, '-1', 'Песочница только читает данные');
      return;
    }
    const segment = decodeSegment(url.pathname.slice(PUBLICATION_PATH.length).replace(/^\/+/, ''));
    if (segment === '') {
      sendServiceDocument(answer, [...options.sets.keys()]);
      return;
    }
    route(answer, options.sets, segment, url.searchParams);
  };
}

function route(
  answer: Answer,
  sets: Map<string, SandboxSet>,
  segment: string,
  params: URLSearchParams,
): void {
  const match = /^([^(]+)(?:\((.*)\))?$/.exec(segment);
  const set = match === null ? undefined : sets.get(match[1]!);
  if (match === null || set === undefined) {
    // An unpublished or unknown set: the segment is echoed back, as 1C does.
    sendODataError(answer, 404, '6', `Сегмент пути '${match?.[1] ?? segment}' не найден!`);
    return;
  }
  const keyText = match[2];
  if (keyText !== undefined) {
    const key = /^guid'([0-9a-fA-F-]{36})'$/.exec(keyText)?.[1];
    const id = key === undefined ? null : set.codec.decode(key);
    const record = id === null ? null : id > 0 ? set.render(id) : null;
    if (record === null) sendODataError(answer, 404, '9', 'Экземпляр сущности не найден');
    else sendEntity(answer, set.name, record);
    return;
  }
  let result: ListResult;
  try {
    result = listQuery(set, params);
  } catch (error) {
    if (!(error instanceof ODataFailure)) throw error;
    sendODataError(answer, error.status, error.code, error.message);
    return;
  }
  sendList(answer, set.name, result.records, result.count);
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
