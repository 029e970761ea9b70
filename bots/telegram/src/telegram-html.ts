/**
 * Telegram HTML (parse_mode HTML) for plain strings: the ONE escaper every piece of ERP and user data goes
 * through, and the inline spans of a view. Only Telegram's allowed tags are produced (b, i, code, a href).
 */
import type { Span } from '@crm-bridge/bot-core';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for Telegram HTML: & < > everywhere, and " too so the same call is safe inside href="…". */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);
}

/** Link targets Telegram opens; anything else (javascript:, data:) is shown as its text only. */
const SAFE_URL = /^(https?:\/\/|tg:\/\/)[^\s]+$/i;

/** A span as HTML; the tag wraps the escaped text, so a span is always balanced on its own. */
export function renderSpan(span: Span): string {
  if (typeof span === 'string') return escapeHtml(span);
  if ('bold' in span) return `<b>${escapeHtml(span.bold)}</b>`;
  if ('italic' in span) return `<i>${escapeHtml(span.italic)}</i>`;
  if ('code' in span) return `<code>${escapeHtml(span.code)}</code>`;
  if (!SAFE_URL.test(span.url)) return escapeHtml(span.link);
  return `<a href="${escapeHtml(span.url)}">${escapeHtml(span.link)}</a>`;
}

export function renderSpans(spans: Span[]): string {
  return spans.map(renderSpan).join('');
}

/** The same span with other text (for cutting one over-long span into pieces). */
export function withText(span: Span, text: string): Span {
  if (typeof span === 'string') return text;
  if ('bold' in span) return { bold: text };
  if ('italic' in span) return { italic: text };
  if ('code' in span) return { code: text };
  return { link: text, url: span.url };
}

export function spanText(span: Span): string {
  if (typeof span === 'string') return span;
  if ('bold' in span) return span.bold;
  if ('italic' in span) return span.italic;
  if ('code' in span) return span.code;
  return span.link;
}
