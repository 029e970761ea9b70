/**
 * ChatView → Block Kit. Every string from the core is data and is escaped here; the result keeps within the
 * limits of the surface (50 blocks a message, 100 a modal or Home tab, 3000 a section, 75 a button label),
 * and each block_id is unique within what one call renders.
 */
import type { ChatView, Span, ViewBlock, ViewButton } from '@crm-bridge/bot-core';
import type { types as slack } from '@slack/bolt';
import { BLOCK_LIMITS } from './block-limits';
import { escapeEntities, spansToMrkdwn, truncate } from './mrkdwn';

/** The action_id prefix of every button we render; one listener matches them all. */
export const BUTTON_ACTION_PREFIX = 'crm.btn.';

/** Makes block ids unique within one rendered surface; a new render gets new ids (Slack's rule for updates). */
export class BlockIds {
  private count = 0;
  constructor(private readonly prefix: string = Date.now().toString(36)) {}
  next(kind: string): string {
    this.count += 1;
    return `${kind}.${this.prefix}.${this.count}`;
  }
}

function mrkdwn(text: string): slack.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A long list of mrkdwn lines as as few sections as fit in the section text limit. */
function linesToSections(lines: string[], ids: BlockIds): slack.SectionBlock[] {
  const sections: slack.SectionBlock[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') sections.push({ type: 'section', block_id: ids.next('s'), text: mrkdwn(current) });
    current = '';
  };
  for (const raw of lines) {
    const line = truncate(raw, BLOCK_LIMITS.sectionText);
    if (current !== '' && current.length + 1 + line.length > BLOCK_LIMITS.sectionText) flush();
    current = current === '' ? line : `${current}\n${line}`;
  }
  flush();
  return sections;
}

function fieldsToSections(
  fields: Array<{ label: string; value: Span[] }>,
  ids: BlockIds,
): slack.SectionBlock[] {
  const sections: slack.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += BLOCK_LIMITS.sectionFields) {
    const chunk = fields.slice(i, i + BLOCK_LIMITS.sectionFields).map(({ label, value }) => {
      const head = `*${truncate(spansToMrkdwn([label]), 200)}*`;
      return mrkdwn(truncate(`${head}\n${spansToMrkdwn(value) || ' '}`, BLOCK_LIMITS.fieldText));
    });
    sections.push({ type: 'section', block_id: ids.next('f'), fields: chunk });
  }
  return sections;
}

/** One view block as one or more Block Kit blocks. */
export function renderBlock(block: ViewBlock, ids: BlockIds): slack.KnownBlock[] {
  switch (block.type) {
    case 'heading':
      return [
        {
          type: 'header',
          block_id: ids.next('h'),
          text: {
            type: 'plain_text',
            text: truncate(block.text || ' ', BLOCK_LIMITS.headerText),
            emoji: false,
          },
        },
      ];
    case 'line':
      return linesToSections([spansToMrkdwn(block.spans) || ' '], ids);
    case 'fields':
      return fieldsToSections(block.fields, ids);
    case 'list':
      return linesToSections(
        block.items.map((item) => `• ${spansToMrkdwn(item)}`),
        ids,
      );
    case 'context':
      return [
        {
          type: 'context',
          block_id: ids.next('c'),
          elements: [mrkdwn(truncate(spansToMrkdwn(block.spans) || ' ', BLOCK_LIMITS.sectionText))],
        },
      ];
    case 'divider':
      return [{ type: 'divider', block_id: ids.next('d') }];
  }
}

/** A button whose value is the core's action string; its action_id is unique in the surface. */
export function renderButton(button: ViewButton, actionId: string): slack.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(button.label || '…', BLOCK_LIMITS.buttonText), emoji: false },
    value: button.action.slice(0, BLOCK_LIMITS.buttonValue),
    ...(button.style ? { style: button.style } : {}),
  };
}

function renderButtons(rows: ViewButton[][], ids: BlockIds): slack.ActionsBlock[] {
  return rows
    .filter((row) => row.length > 0)
    .map((row) => {
      const blockId = ids.next('a');
      return {
        type: 'actions',
        block_id: blockId,
        elements: row
          .slice(0, BLOCK_LIMITS.actionsElements)
          .map((button, i) => renderButton(button, `${BUTTON_ACTION_PREFIX}${blockId}.${i}`)),
      };
    });
}

/** The view's blocks, its buttons last, cut to `maxBlocks` with a note when the core sent more. */
export function renderViewBlocks(
  view: ChatView,
  options: { maxBlocks?: number; ids?: BlockIds } = {},
): slack.KnownBlock[] {
  const ids = options.ids ?? new BlockIds();
  const max = options.maxBlocks ?? BLOCK_LIMITS.messageBlocks;
  const content = view.blocks.flatMap((block) => renderBlock(block, ids));
  const actions = renderButtons(view.buttons ?? [], ids).slice(0, max - 1);
  const room = max - actions.length;
  if (content.length > room) {
    const kept = content.slice(0, room - 1);
    kept.push({ type: 'context', block_id: ids.next('c'), elements: [mrkdwn('…')] });
    return [...kept, ...actions];
  }
  return [...content, ...actions];
}

/** A message body for chat.postMessage / chat.update / respond: blocks plus the notification text. */
export function renderMessage(view: ChatView, ids?: BlockIds): { text: string; blocks: slack.KnownBlock[] } {
  return {
    text: truncate(escapeEntities(view.summary || ' '), BLOCK_LIMITS.messageText),
    blocks: renderViewBlocks(view, ids ? { ids } : {}),
  };
}

/** Several views on one surface (App Home, a result modal), separated by dividers, within `maxBlocks`. */
export function renderViewsBlocks(views: readonly ChatView[], maxBlocks: number): slack.KnownBlock[] {
  const ids = new BlockIds();
  const blocks: slack.KnownBlock[] = [];
  for (const view of views) {
    const separator: slack.KnownBlock[] =
      blocks.length > 0 ? [{ type: 'divider', block_id: ids.next('d') }] : [];
    const room = maxBlocks - blocks.length - separator.length;
    if (room <= 1) break;
    blocks.push(...separator, ...renderViewBlocks(view, { ids, maxBlocks: room }));
  }
  return blocks;
}
