import type { SearchHit } from '@crm-bridge/profiles';
import { encodeAction, tryEncodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView } from '../chat-contract';
import { shorten } from './format';
import { PAGE_SIZE, pagingRow } from './paging-buttons';

/** A pick list of customers found by a search: one button per hit, ten per page. */
export function searchView(
  ctx: Pick<ChatContext, 't'>,
  query: string,
  hits: SearchHit[],
  page: number,
): ChatView {
  if (hits.length === 0) {
    return {
      summary: ctx.t('find.none', { query }),
      blocks: [{ type: 'line', spans: [ctx.t('find.none', { query })] }],
    };
  }
  const shown = hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const from = page * PAGE_SIZE + 1;
  const to = page * PAGE_SIZE + shown.length;
  const hasNext = hits.length > (page + 1) * PAGE_SIZE;
  const paging = pagingRow(ctx, page, hasNext, (p) => tryEncodeAction('find', p, query));
  return {
    summary: ctx.t('find.title', { query }),
    blocks: [
      { type: 'heading', text: ctx.t('find.title', { query }) },
      {
        type: 'list',
        items: shown.map((hit) => [
          { bold: hit.displayName },
          ` · ${ctx.t(hit.kind === 'person' ? 'card.kind_person' : 'card.kind_organization')}`,
          hit.matchedOn === 'name' ? '' : ` · ${ctx.t('find.matched', { what: hit.matched })}`,
        ]),
      },
      // A search too long to carry in a button gets no Next: ask for a narrower one instead.
      ...(hasNext && tryEncodeAction('find', page + 1, query) === null
        ? [{ type: 'context' as const, spans: [ctx.t('find.more', { from, to })] }]
        : []),
    ],
    buttons: [
      ...shown.map((hit) => [
        { label: shorten(hit.displayName, 60), action: encodeAction('card', hit.profileId) },
      ]),
      ...(paging.length ? [paging] : []),
    ],
  };
}
