/**
 * Slack mrkdwn for the spans of a ChatView. Every data string is escaped: `& < >` become entities (Slack's own
 * rule), and the formatting marks `* _ ~ \`` get a zero-width space beside them so a name such as `*Acme_Corp*`
 * shows as written instead of turning bold (mrkdwn has no backslash escape).
 */
import type { Span } from '@crm-bridge/bot-core';

const ZWSP = '\u200b';

/** Escapes a data string for mrkdwn text. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (mark) => `${ZWSP}${mark}${ZWSP}`);
}

/** Escapes for a place that only reads `& < >` as markup (the link label, the `text` fallback). */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link target must not carry `|` or `>` (they end the `<url|label>` form) and must be http(s) or mailto. */
function safeUrl(url: string): string | null {
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return null;
  return url.replace(/[|>]/g, (char) => encodeURIComponent(char)).replace(/</g, '%3C');
}

/** One span as mrkdwn. */
export function spanToMrkdwn(span: Span): string {
  if (typeof span === 'string') return escapeMrkdwn(span);
  if ('bold' in span)
    return span.bold.trim() === '' ? escapeMrkdwn(span.bold) : `*${escapeMrkdwn(span.bold)}*`;
  if ('italic' in span)
    return span.italic.trim() === '' ? escapeMrkdwn(span.italic) : `_${escapeMrkdwn(span.italic)}_`;
  if ('code' in span) return span.code === '' ? '' : `\`${escapeEntities(span.code).replace(/`/g, "'")}\``;
  const url = safeUrl(span.url);
  const label = escapeEntities(span.link).replace(/\|/g, '¦');
  return url === null ? escapeMrkdwn(span.link) : `<${url}|${label}>`;
}

/** Spans joined as mrkdwn. */
export function spansToMrkdwn(spans: readonly Span[]): string {
  return spans.map(spanToMrkdwn).join('');
}

/** Spans as plain text (a button label, a notification fallback): the words without marks. */
export function spansToPlain(spans: readonly Span[]): string {
  return spans
    .map((span) => {
      if (typeof span === 'string') return span;
      if ('bold' in span) return span.bold;
      if ('italic' in span) return span.italic;
      if ('code' in span) return span.code;
      return span.link;
    })
    .join('');
}

/** Cuts text to at most `max` UTF-16 units (Slack counts them), never inside a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/&[a-z]{0,4}$/, '')}…`;
}
