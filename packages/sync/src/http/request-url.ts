import { ConfigError } from '@crm-bridge/core';
import type { HttpRequest } from './http-client';

/**
 * Percent-encodes a query value strictly (also `!'()*`), so the WHATWG URL parser leaves it untouched and a
 * space is `%20`, never `+` (OData servers read `+` as a plus).
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Query names keep `$` readable (`$top`, `$filter`); everything else is encoded like a value. */
export function encodeQueryName(name: string): string {
  return encodeQueryValue(name).replace(/%24/g, '$');
}

/** `a=1&b=x%20y` in the given order; undefined values are left out. */
export function encodeQuery(params: NonNullable<HttpRequest['params']>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeQueryName(name)}=${encodeQueryValue(String(value))}`)
    .join('&');
}

/** The base URL checked: http(s), no credentials in it, no query or fragment. */
export function parseBaseUrl(baseUrl: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ConfigError('The source url is not a valid URL', { code: 'sync.bad_url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`The source url must be http or https, not ${parsed.protocol}`, {
      code: 'sync.bad_url',
    });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('The source url must not hold a login or password; put them under credentials', {
      code: 'sync.bad_url',
    });
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

/**
 * The absolute URL of a request: an absolute `url` (a next link) as it is, a relative one appended to the
 * base path (`/jsonrpc` under `https://erp/odoo` is `https://erp/odoo/jsonrpc`), then `params`. An absolute
 * URL on another origin is refused: the client's credentials must not go there.
 */
export function resolveRequestUrl(base: URL, request: Pick<HttpRequest, 'url' | 'params'>): URL {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(request.url);
  const url = absolute
    ? new URL(request.url)
    : new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}/${request.url.replace(/^\/+/, '')}`);
  if (url.origin !== base.origin) {
    throw new ConfigError(
      `Refusing to send the source's credentials to ${url.origin}: the source is ${base.origin}. A next link pointing elsewhere usually means the ERP does not know its public address`,
      { code: 'sync.foreign_origin' },
    );
  }
  url.hash = '';
  const query = request.params === undefined ? '' : encodeQuery(request.params);
  if (query !== '') url.search = url.search === '' ? `?${query}` : `${url.search}&${query}`;
  return url;
}
