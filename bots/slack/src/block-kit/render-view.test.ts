import type { ChatView } from '@crm-bridge/bot-core';
import { BLOCK_LIMITS } from './block-limits';
import { escapeMrkdwn, spansToMrkdwn, truncate } from './mrkdwn';
import { renderMessage, renderViewBlocks, renderViewsBlocks } from './render-view';

const HOSTILE = '<Ромашка & Co> *Acme_Corp* ~old~ `x` v1.2';
const ZW = '\u200b';

type AnyBlock = Record<string, unknown> & { type: string; block_id?: string };

function blocksOf(view: ChatView, maxBlocks?: number): AnyBlock[] {
  return renderViewBlocks(view, maxBlocks === undefined ? {} : { maxBlocks }) as unknown as AnyBlock[];
}

describe('mrkdwn escaping', () => {
  it('turns & < > into entities and keeps Cyrillic and dots as they are', () => {
    expect(escapeMrkdwn('<Ромашка & Co> v1.2')).toBe('&lt;Ромашка &amp; Co&gt; v1.2');
  });

  it('neutralises * _ ~ ` in data so a name never turns into formatting', () => {
    expect(escapeMrkdwn('*Acme_Corp*')).toBe(`${ZW}*${ZW}Acme${ZW}_${ZW}Corp${ZW}*${ZW}`);
    // Removing the zero-width spaces gives back exactly the data.
    expect(escapeMrkdwn(HOSTILE).replaceAll(ZW, '')).toBe(
      '&lt;Ромашка &amp; Co&gt; *Acme_Corp* ~old~ `x` v1.2',
    );
  });

  it('formats only what the core marked, with the data inside escaped', () => {
    expect(
      spansToMrkdwn([
        'Name: ',
        { bold: 'A & <B>' },
        ' ',
        { link: 'site<1>', url: 'https://erp.example/a|b>c' },
      ]),
    ).toBe('Name: *A &amp; &lt;B&gt;* <https://erp.example/a%7Cb%3Ec|site&lt;1&gt;>');
  });

  it('never makes a link of a javascript: or Slack-special url', () => {
    expect(spansToMrkdwn([{ link: 'click', url: 'javascript:alert(1)' }])).toBe('click');
    expect(spansToMrkdwn([{ link: 'all', url: '!channel' }])).toBe('all');
  });

  it('cuts long text without breaking an entity or a surrogate pair', () => {
    expect(truncate('ab&amp;cd', 5)).toBe('ab…');
    expect(truncate('a😀b', 3)).toBe('a…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('renderViewBlocks', () => {
  const card: ChatView = {
    summary: `Card of ${HOSTILE}`,
    blocks: [
      { type: 'heading', text: HOSTILE },
      { type: 'line', spans: [{ bold: 'Tax id' }, ' ', { code: '7707083893' }] },
      { type: 'fields', fields: [{ label: 'Owner', value: ['Анна <manager>'] }] },
      { type: 'list', items: [['Order ', { bold: 'SO_001' }, ' · 1.500,00 RUB']] },
      { type: 'divider' },
      { type: 'context', spans: ['odoo #42 & erpnext CUST-0001'] },
    ],
    buttons: [[{ label: 'Open ticket', action: 't:new:123', style: 'primary' }]],
  };

  it('renders each kind of block with the data escaped and the header left plain', () => {
    const blocks = blocksOf(card);
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'divider',
      'context',
      'actions',
    ]);
    expect(blocks[0]).toMatchObject({ text: { type: 'plain_text', text: HOSTILE } });
    expect(blocks[1]).toMatchObject({ text: { type: 'mrkdwn', text: '*Tax id* `7707083893`' } });
    expect(blocks[2]).toMatchObject({ fields: [{ type: 'mrkdwn', text: '*Owner*\nАнна &lt;manager&gt;' }] });
    expect(blocks[3]).toMatchObject({ text: { text: `• Order *SO${ZW}_${ZW}001* · 1.500,00 RUB` } });
    expect(blocks[5]).toMatchObject({
      elements: [{ type: 'mrkdwn', text: 'odoo #42 &amp; erpnext CUST-0001' }],
    });
  });

  it('puts the core action in the button value and keeps block and action ids unique', () => {
    const view: ChatView = {
      summary: 's',
      blocks: [
        { type: 'line', spans: ['a'] },
        { type: 'line', spans: ['b'] },
      ],
      buttons: [
        [
          { label: 'Done', action: 'r:done:1' },
          { label: 'x'.repeat(120), action: 'r:snooze:1' },
        ],
        [{ label: 'Cancel', action: 'r:cancel:1', style: 'danger' }],
      ],
    };
    const blocks = blocksOf(view);
    const ids = blocks.map((block) => block.block_id);
    expect(new Set(ids).size).toBe(ids.length);
    const buttons = blocks
      .filter((block) => block.type === 'actions')
      .flatMap(
        (block) =>
          block.elements as Array<{
            action_id: string;
            value: string;
            text: { text: string };
            style?: string;
          }>,
      );
    expect(buttons.map((button) => button.value)).toEqual(['r:done:1', 'r:snooze:1', 'r:cancel:1']);
    expect(new Set(buttons.map((button) => button.action_id)).size).toBe(3);
    expect(buttons[1]?.text.text).toHaveLength(BLOCK_LIMITS.buttonText);
    expect(buttons[2]?.style).toBe('danger');
  });

  it('keeps a message within 50 blocks and the buttons, saying that more was cut', () => {
    const view: ChatView = {
      summary: 'long',
      blocks: Array.from({ length: 80 }, () => ({ type: 'divider' as const })),
      buttons: [[{ label: 'Next', action: 'p:2' }]],
    };
    const blocks = blocksOf(view);
    expect(blocks).toHaveLength(BLOCK_LIMITS.messageBlocks);
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(blocks.at(-2)).toMatchObject({ type: 'context', elements: [{ text: '…' }] });
  });

  it('splits a long list into sections of at most 3000 characters and 11 fields into two sections', () => {
    const items = Array.from({ length: 60 }, (_, i) => [`Customer ${i} `, 'x'.repeat(100)]);
    const fields = Array.from({ length: 11 }, (_, i) => ({ label: `F${i}`, value: ['v'] }));
    const blocks = blocksOf({
      summary: 's',
      blocks: [
        { type: 'list', items },
        { type: 'fields', fields },
      ],
    });
    const sections = blocks as Array<{ text?: { text: string }; fields?: unknown[] }>;
    const texts = sections.filter((block) => block.text).map((block) => block.text?.text ?? '');
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
    expect(texts.join('\n').split('\n')).toHaveLength(60);
    expect(sections.filter((block) => block.fields).map((block) => block.fields?.length)).toEqual([10, 1]);
  });

  it('gives the notification text with entities escaped', () => {
    expect(renderMessage(card).text).toBe('Card of &lt;Ромашка &amp; Co&gt; *Acme_Corp* ~old~ `x` v1.2');
  });

  it('puts several views on one surface within its limit, ids unique across them', () => {
    const many = Array.from({ length: 5 }, () => ({
      summary: 's',
      blocks: Array.from({ length: 30 }, () => ({ type: 'divider' as const })),
    }));
    const blocks = renderViewsBlocks(many, BLOCK_LIMITS.surfaceBlocks) as unknown as AnyBlock[];
    expect(blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.surfaceBlocks);
    expect(new Set(blocks.map((block) => block.block_id)).size).toBe(blocks.length);
  });
});
