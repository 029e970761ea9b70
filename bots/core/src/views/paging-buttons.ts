import type { ChatContext } from '../chat-context';
import type { ViewButton } from '../chat-contract';

/** Items per page of every list: within Slack's 50 blocks and Telegram's 4096 characters. */
export const PAGE_SIZE = 10;

/** The Prev / Next row of a list page; `actionFor(page)` makes the action of another page. */
export function pagingRow(
  ctx: Pick<ChatContext, 't'>,
  page: number,
  hasNext: boolean,
  actionFor: (page: number) => string | null,
): ViewButton[] {
  const row: ViewButton[] = [];
  const prev = page > 0 ? actionFor(page - 1) : null;
  const next = hasNext ? actionFor(page + 1) : null;
  if (prev) row.push({ label: ctx.t('button.prev'), action: prev });
  if (next) row.push({ label: ctx.t('button.next'), action: next });
  return row;
}

/** Drops empty rows, so a view never has a row without buttons. */
export function rows(...candidates: ViewButton[][]): ViewButton[][] {
  return candidates.filter((row) => row.length > 0);
}
