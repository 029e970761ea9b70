/**
 * A ChatView as Telegram HTML messages. Telegram takes at most 4096 characters per message (after entity
 * parsing); we measure the HTML source, which is never shorter, so a page always fits. A view too long for
 * one message becomes several, cut between lines; a line too long on its own is cut between spans, a span
 * between characters, and every piece keeps its tags balanced.
 */
import type { ChatView, Span, ViewBlock } from '@crm-bridge/bot-core';
import { escapeHtml, renderSpan, renderSpans, spanText, withText } from './telegram-html';

/** Telegram's limit for a message text. */
export const MESSAGE_LIMIT = 4096;

const DIVIDER = '──────────';

/** The view as one or more HTML message texts, each at most `limit` characters. */
export function renderViewPages(view: ChatView, limit = MESSAGE_LIMIT): string[] {
  const lines = view.blocks.flatMap((block, index) => blockLines(block, index === 0));
  const html = lines.flatMap((line) => cutLine(line, limit));
  const pages: string[] = [];
  let page = '';
  for (const line of html) {
    if (page === '') page = line;
    else if (page.length + 1 + line.length <= limit) page += `\n${line}`;
    else {
      pages.push(page);
      page = line;
    }
  }
  if (page.trim() !== '') pages.push(page);
  if (pages.length === 0) pages.push(...cutLine([view.summary.trim() || '…'], limit));
  return pages;
}

function blockLines(block: ViewBlock, first: boolean): Span[][] {
  switch (block.type) {
    case 'heading':
      return first ? [[{ bold: block.text }]] : [[], [{ bold: block.text }]];
    case 'line':
      return [block.spans];
    case 'fields':
      return block.fields.map((field) => [{ bold: `${field.label}: ` }, ...field.value]);
    case 'list':
      return block.items.map((item) => ['• ', ...item]);
    case 'context':
      return [block.spans.map((span) => (typeof span === 'string' ? { italic: span } : span))];
    case 'divider':
      return [[DIVIDER]];
  }
}

/** One line of spans as HTML strings of at most `limit` characters (usually exactly one). */
function cutLine(spans: Span[], limit: number): string[] {
  const whole = renderSpans(spans);
  if (whole.length <= limit) return [whole];
  const out: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') out.push(current);
    current = '';
  };
  for (const span of spans) {
    const html = renderSpan(span);
    if (current.length + html.length <= limit) {
      current += html;
      continue;
    }
    flush();
    if (html.length <= limit) {
      current = html;
      continue;
    }
    for (const piece of cutSpan(span, limit)) {
      out.push(piece);
    }
  }
  flush();
  return out;
}

/** A span whose HTML exceeds the limit, as pieces of the same kind, cut between code points. */
function cutSpan(span: Span, limit: number): string[] {
  const pieces: string[] = [];
  const overhead = renderSpan(withText(span, '')).length;
  // A link whose address alone fills a message is shown as its text.
  if (overhead * 2 > limit) return cutSpan(spanText(span), limit);
  let text = '';
  let size = overhead;
  for (const char of spanText(span)) {
    const cost = escapeHtml(char).length;
    if (size + cost > limit) {
      pieces.push(renderSpan(withText(span, text)));
      text = '';
      size = overhead;
    }
    text += char;
    size += cost;
  }
  if (text !== '') pieces.push(renderSpan(withText(span, text)));
  return pieces;
}
