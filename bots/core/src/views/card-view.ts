import type { TicketView } from '@crm-bridge/desk';
import type { CustomerCard } from '@crm-bridge/profiles';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView, Span, ViewBlock } from '../chat-contract';
import { erpLink, sourceName } from './erp-links';
import { formatDay, formatMoney, formatTime, shorten } from './format';
import { ticketLine } from './ticket-lines';

const NOTES_SHOWN = 3;
const REMINDERS_SHOWN = 5;

type CardContext = Pick<ChatContext, 't' | 'zone' | 'lang' | 'settings'>;

/**
 * The customer card: golden record, contacts (hidden when `personalData` is false), owner, metrics and
 * flags, open tickets with their SLA, reminders, latest notes, and the ERPs it comes from with links.
 */
export function cardView(
  ctx: CardContext,
  card: CustomerCard,
  openTickets: TicketView[],
  options: { personalData: boolean },
): ChatView {
  const p = card.profile;
  const m = card.metrics;
  const none = ctx.t('card.none');
  const fields: Array<{ label: string; value: Span[] }> = [];
  if (p.taxIds.length)
    fields.push({ label: ctx.t('card.tax_id'), value: [p.taxIds.map((tax) => tax.value).join(', ')] });
  if (options.personalData) {
    fields.push({ label: ctx.t('card.email'), value: [p.primaryEmail ?? none] });
    fields.push({ label: ctx.t('card.phone'), value: [p.primaryPhone ?? none] });
  }
  fields.push({ label: ctx.t('card.owner'), value: [p.owner?.name ?? none] });
  if (m) {
    fields.push({ label: ctx.t('card.segment'), value: [m.segment ?? none] });
    fields.push({
      label: ctx.t('card.ltv'),
      value: [m.lifetimeValue === null ? none : formatMoney(m.lifetimeValue, m.baseCurrency, ctx.lang)],
    });
    const revenue = Object.entries(m.revenue).map(([currency, amount]) =>
      formatMoney(amount, currency, ctx.lang),
    );
    fields.push({ label: ctx.t('card.revenue'), value: [revenue.length ? revenue.join(' · ') : none] });
  }
  fields.push({ label: ctx.t('card.orders'), value: [String(m?.orderCount ?? card.orderTotal)] });
  const lastOrder = m?.lastOrderAt ?? card.orders[0]?.orderedAt ?? null;
  fields.push({
    label: ctx.t('card.last_order'),
    value: [
      lastOrder === null ? none : formatDay(lastOrder, ctx.zone, ctx.lang),
      ...(m?.typicalGapDays
        ? [` (${ctx.t('card.typical_gap', { days: Math.round(m.typicalGapDays) })})`]
        : []),
    ],
  });

  const kind = ctx.t(p.kind === 'person' ? 'card.kind_person' : 'card.kind_organization');
  const blocks: ViewBlock[] = [
    { type: 'heading', text: p.displayName },
    {
      type: 'line',
      spans: [
        kind,
        ...(m?.vip ? [' · ', { bold: ctx.t('card.vip') }] : []),
        ...(p.legalName && p.legalName !== p.displayName ? [` · ${p.legalName}`] : []),
      ],
    },
  ];
  if (p.mergedFrom) blocks.push({ type: 'context', spans: [ctx.t('card.merged', { name: p.displayName })] });
  blocks.push({ type: 'fields', fields });
  if (!options.personalData) blocks.push({ type: 'context', spans: [ctx.t('card.hidden')] });
  if (m?.dormant)
    blocks.push({ type: 'line', spans: [{ bold: ctx.t('card.dormant', { reason: m.reason ?? '' }) }] });
  else if (m?.churnRisk) {
    blocks.push({
      type: 'line',
      spans: [{ bold: ctx.t('card.churn_risk', { reason: m.churnReason ?? m.reason ?? '' }) }],
    });
  }
  if (openTickets.length) {
    blocks.push({ type: 'heading', text: ctx.t('card.open_tickets') });
    blocks.push({ type: 'list', items: openTickets.map((ticket) => ticketLine(ctx, ticket)) });
  }
  if (card.reminders.length) {
    blocks.push({ type: 'heading', text: ctx.t('card.due_reminders') });
    blocks.push({
      type: 'list',
      items: card.reminders
        .slice(0, REMINDERS_SHOWN)
        .map((r) => [formatTime(r.dueAt, ctx.zone, ctx.lang), ' · ', shorten(r.text, 200)]),
    });
  }
  if (card.notes.length) {
    blocks.push({ type: 'heading', text: ctx.t('card.notes') });
    blocks.push({
      type: 'list',
      items: card.notes
        .slice(0, NOTES_SHOWN)
        .map((n) => [formatDay(n.occurredAt, ctx.zone, ctx.lang), ' · ', shorten(n.body, 300)]),
    });
  }
  blocks.push({ type: 'heading', text: ctx.t('card.erps') });
  blocks.push({
    type: 'list',
    items: card.records.slice(0, 20).map((record) => {
      const url = erpLink(ctx.settings, record);
      const label = `${sourceName(ctx.settings, record.source)}: ${record.externalId}`;
      return url ? [{ link: label, url }] : [label];
    }),
  });
  return {
    summary: p.displayName,
    subject: { kind: 'customer', id: p.id },
    blocks,
    buttons: [
      [
        { label: ctx.t('button.orders'), action: encodeAction('orders', p.id, 0) },
        { label: ctx.t('button.timeline'), action: encodeAction('timeline', p.id, 0) },
        { label: ctx.t('button.tickets'), action: encodeAction('ticketsOfCustomer', p.id, 0) },
      ],
      [
        { label: ctx.t('button.note'), action: encodeAction('note', p.id) },
        { label: ctx.t('button.new_ticket'), action: encodeAction('ticketNew', p.id) },
        { label: ctx.t('button.remind'), action: encodeAction('reminderNew', p.id) },
      ],
    ],
  };
}
