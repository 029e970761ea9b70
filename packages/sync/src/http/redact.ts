/** Keeping secrets out of URLs, messages and excerpts: whatever a person may read goes through here. */

export const REDACTED = '***';

/** Query-parameter, header and JSON key names whose values are secrets (`$skiptoken` is not). */
const SECRET_NAME =
  /^(?!\$).*(pass(word|wd)?|pwd|secret|token|api[_-]?key|apikey|^key$|auth|cookie|session|^sid$|^sig(nature)?$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const RELATIVE_BASE = 'http://relative.invalid';

/**
 * The URL without userinfo, fragment or secret query values (`?token=***`); other parameters keep their
 * encoding. Relative URLs stay relative.
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, RELATIVE_BASE);
  } catch {
    return '[unparsable url]';
  }
  const query = parsed.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const rawName = part.split('=')[0] ?? '';
      return isSecretName(safeDecode(rawName)) ? `${rawName}=${REDACTED}` : part;
    })
    .join('&');
  const path = `${parsed.pathname}${query === '' ? '' : `?${query}`}`;
  return parsed.origin === RELATIVE_BASE && !url.startsWith(RELATIVE_BASE) ? path : `${parsed.origin}${path}`;
}

/** The safe URL with percent-escapes decoded where that is harmless, so Cyrillic names read as words. */
export function displayUrl(url: string): string {
  const safe = safeUrl(url);
  try {
    return decodeURI(safe);
  } catch {
    return safe;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces every occurrence of each secret (≥ 3 characters; shorter ones would blank ordinary words). */
export function redactText(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 3) result = result.split(secret).join(REDACTED);
  }
  return result;
}

const EXCERPT_LENGTH = 200;

/**
 * The first 200 characters of a response body for a message: whitespace collapsed, HTML tags dropped,
 * JSON re-serialised with secret-named keys blanked, and the given secrets replaced.
 */
export function bodyExcerpt(body: unknown, secrets: Iterable<string> = []): string {
  const text = redactText(bodyText(body).replace(/\s+/g, ' ').trim(), secrets);
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

/** Whether a text body is an HTML page (a proxy's or a web server's error page, a login form). */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<center|<h1|<title)/i.test(text);
}

function bodyText(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') {
    return looksLikeHtml(body)
      ? body
          .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
          .replace(/<[^>]*>/g, ' ')
          .replace(/&nbsp;/g, ' ')
      : body;
  }
  try {
    return JSON.stringify(body, (key, value) => (key !== '' && isSecretName(key) ? REDACTED : value)) ?? '';
  } catch {
    return String(body);
  }
}
