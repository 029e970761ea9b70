/**
 * 1C's failures mapped onto our error classes (5.5): `{"odata.error":{"code":"6","message":{"lang":"ru","value":…}}}`
 * with codes 9 (instance not found), 6 (unknown path segment or field), 14 ($filter parse error), -1 (application
 * error); 401 comes from IIS/Apache as HTML. Messages name what to fix and never hold credentials.
 */
import { ConfigError, type CrmError, TransientError } from '@crm-bridge/core';
import type { ErrorRule, ErrorTable, HttpFailure } from '@crm-bridge/sync';

/** The 1C error code and Russian text of a failure, when its body is an `odata.error`. */
export function odataError(body: unknown): { code: string; text: string } | null {
  if (body === null || typeof body !== 'object') return null;
  const error = (body as Record<string, unknown>)['odata.error'];
  if (error === null || typeof error !== 'object') return null;
  const { code, message } = error as { code?: unknown; message?: { value?: unknown } };
  const text = typeof message?.value === 'string' ? message.value : '';
  return { code: String(code ?? ''), text };
}

/** The entity set a request URL addressed (`…/Catalog_%D0%9A…?$format=json` → `Catalog_К…`). */
export function entitySetOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  const segment =
    path
      .split('/')
      .filter((part) => part !== '')
      .pop() ?? '';
  const name = segment.replace(/\(.*$/, '');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const PUBLISH_HINT =
  'publish it in 1C: Администрирование → Интеграция с другими программами → Настройка стандартного интерфейса OData ' +
  '(or УстановитьСоставСтандартногоИнтерфейсаOData), or set entitySets to the name this configuration uses';

function rule(
  match: (failure: HttpFailure) => boolean,
  raise: (failure: HttpFailure) => CrmError,
): ErrorRule {
  return { match, raise };
}

export const oneCErrors: ErrorTable = [
  rule(
    (failure) => failure.status === 401,
    () =>
      new ConfigError(
        '1C refused the login (HTTP 401): check credentials.username and credentials.password ' +
          '(a 1C infobase user with rights to the OData interface)',
        { code: 'onec.unauthorized' },
      ),
  ),
  rule(
    (failure) => failure.status === 403,
    (failure) =>
      new ConfigError(`The 1C user may not read ${entitySetOf(failure.url)}: give it a role that can`, {
        code: 'onec.forbidden',
      }),
  ),
  // An unpublished set answers "Сегмент пути … не найден" (code 6) with 404 or 400 depending on the release.
  rule(
    (failure) => isUnknownSegment(failure),
    (failure) =>
      new ConfigError(
        `Entity set ${entitySetOf(failure.url)} is not published in the 1C OData interface: ${PUBLISH_HINT}`,
        {
          code: 'onec.entity_set_not_published',
        },
      ),
  ),
  rule(
    (failure) => odataError(failure.body)?.code === '6',
    (failure) =>
      new ConfigError(
        `1C does not know a field asked of ${entitySetOf(failure.url)} (${odataError(failure.body)?.text}): ` +
          'this configuration names it differently',
        { code: 'onec.unknown_field' },
      ),
  ),
  rule(
    (failure) => odataError(failure.body)?.code === '14',
    (failure) =>
      new ConfigError(
        `1C could not parse the $filter for ${entitySetOf(failure.url)} (${odataError(failure.body)?.text}): ` +
          'check streams.<stream>.filter',
        { code: 'onec.bad_filter' },
      ),
  ),
  // A 404 that is not OData at all: the web server has no publication at this path.
  rule(
    (failure) => failure.status === 404 && odataError(failure.body) === null,
    () =>
      new ConfigError(
        'No 1C OData publication answers at the configured url: it must end in /odata/standard.odata ' +
          'and the infobase must be published on the web server with the OData interface enabled',
        { code: 'onec.no_publication' },
      ),
  ),
  // 1C's own application errors carry their Russian text; proxy pages and 502–504 are the defaults' business.
  rule(
    (failure) => failure.status >= 500 && odataError(failure.body) !== null,
    (failure) =>
      new TransientError(
        `1C answered HTTP ${failure.status}${describe(odataError(failure.body))} for ${entitySetOf(failure.url)}`,
        { code: 'onec.server_error' },
      ),
  ),
];

function isUnknownSegment(failure: HttpFailure): boolean {
  const error = odataError(failure.body);
  if (error === null || error.code !== '6') return false;
  // Code 6 also means an unknown field; only a 404, or a text quoting the set itself, is about the set.
  return failure.status === 404 || error.text.includes(`'${entitySetOf(failure.url)}'`);
}

function describe(error: { code: string; text: string } | null): string {
  return error === null ? '' : ` (1C error ${error.code}: ${error.text})`;
}
