import type { ChatView } from '@crm-bridge/bot-core';
import { assertCallbackData, inlineKeyboard } from './inline-keyboard';
import { MESSAGE_LIMIT, renderViewPages } from './render-view';
import { escapeHtml, renderSpan } from './telegram-html';

const HOSTILE = 'ООО «Рога & Копыта» <b>_*[x].</b> "Q" 1 < 2 > 0';

/** Telegram's HTML tags we allow; anything else in output would be a 400 "can't parse entities". */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z-]+)[^>]*>/g)].map((m) => m[1]!);
}

/** The visible text Telegram would show, decoding our four entities. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('Telegram HTML', () => {
  it('escapes & < > and " in data, and nothing else (no MarkdownV2 escaping of _ * . -)', () => {
    expect(escapeHtml('a & b < c > d "e" _f_ *g* h.i -j')).toBe(
      'a &amp; b &lt; c &gt; d &quot;e&quot; _f_ *g* h.i -j',
    );
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('renders spans with the allowed tags only, escaping their text and the href', () => {
    expect(renderSpan({ bold: HOSTILE })).toBe(`<b>${escapeHtml(HOSTILE)}</b>`);
    expect(renderSpan({ code: '<x>' })).toBe('<code>&lt;x&gt;</code>');
    expect(renderSpan({ link: 'Odoo <#7>', url: 'https://erp.example/web#id=7&model="res.partner"' })).toBe(
      '<a href="https://erp.example/web#id=7&amp;model=&quot;res.partner&quot;">Odoo &lt;#7&gt;</a>',
    );
    expect(renderSpan({ link: 'click', url: 'javascript:alert(1)' })).toBe('click');
  });

  it('renders a card of hostile names so Telegram shows them exactly as written', () => {
    const view: ChatView = {
      summary: HOSTILE,
      blocks: [
        { type: 'heading', text: HOSTILE },
        { type: 'fields', fields: [{ label: 'E-mail', value: ['a_b*c@x.example'] }] },
        { type: 'list', items: [[{ bold: 'SO-1.2' }, ' — 1 000,00 € & tax']] },
        { type: 'context', spans: ['Иванов_Пётр *VIP*.'] },
      ],
    };
    const [page, ...more] = renderViewPages(view);
    expect(more).toEqual([]);
    expect(new Set(tagsOf(page!))).toEqual(new Set(['b', 'i']));
    expect(visible(page!)).toBe(
      `${HOSTILE}\nE-mail: a_b*c@x.example\n• SO-1.2 — 1 000,00 € & tax\nИванов_Пётр *VIP*.`,
    );
  });

  it('splits a long view into messages of at most 4096 characters, each with balanced tags', () => {
    const items = Array.from({ length: 400 }, (_, i) => [{ bold: `Заказ №${i} <&>` }, ` ${'x'.repeat(30)}`]);
    const view: ChatView = { summary: 's', blocks: [{ type: 'list', items }] };
    const pages = renderViewPages(view);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(page.split('<b>').length).toBe(page.split('</b>').length);
    }
    expect(pages.map(visible).join('\n').split('\n')).toHaveLength(400);
  });

  it('cuts one over-long span into pieces that keep their tags and never split an entity', () => {
    const text = '&<'.repeat(3000);
    const pages = renderViewPages({ summary: 's', blocks: [{ type: 'line', spans: [{ bold: text }] }] });
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(page).toMatch(/^(<b>(&amp;|&lt;)+<\/b>\n?)+$/);
    }
    expect(pages.map(visible).join('').replace(/\n/g, '')).toBe(text);
  });

  it('falls back to the summary for a view without blocks', () => {
    expect(renderViewPages({ summary: 'Nothing <here>', blocks: [] })).toEqual(['Nothing &lt;here&gt;']);
  });
});

describe('inline keyboards', () => {
  it('uses the action as callback_data and the label as plain text', () => {
    expect(
      inlineKeyboard([
        [
          { label: 'Готово <ok>', action: 'r:d:6f1c2b1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e', style: 'primary' },
          { label: 'Snooze', action: 'r:s:6f1c2b1e' },
        ],
      ]),
    ).toEqual({
      inline_keyboard: [
        [
          {
            text: 'Готово <ok>',
            callback_data: 'r:d:6f1c2b1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e',
            style: 'primary',
          },
          { text: 'Snooze', callback_data: 'r:s:6f1c2b1e' },
        ],
      ],
    });
    expect(inlineKeyboard(undefined)).toBeUndefined();
    expect(inlineKeyboard([[]])).toBeUndefined();
  });

  it('refuses callback_data over 64 bytes, counting a Cyrillic letter as two', () => {
    expect(assertCallbackData('x'.repeat(64))).toHaveLength(64);
    expect(() => assertCallbackData('x'.repeat(65))).toThrow(/1-64 bytes.*65 bytes/);
    expect(() => assertCallbackData('я'.repeat(33))).toThrow(/66 bytes/);
    expect(() => assertCallbackData('')).toThrow(RangeError);
    expect(() => inlineKeyboard([[{ label: 'x', action: 'я'.repeat(40) }]])).toThrow(RangeError);
  });
});
