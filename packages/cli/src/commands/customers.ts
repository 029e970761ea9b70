import { NotFoundError } from '@crm-bridge/core';
import {
  type CustomerCard,
  churnRiskCustomers,
  customerCard,
  describeKey,
  dormantCustomers,
  profilesSettings,
  type QuietCustomers,
  type SearchHit,
  searchProfiles,
} from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { formatTable } from '../format-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A --limit value: a whole number from 1; anything else is a usage error (exit 2). */
function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number from 1');
  return n;
}

/** `crm-bridge customers search|show|dormant`: find a customer, see their 360, see who went quiet. */
export function registerCustomersCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const customers = program.command('customers').description('find customers and see everything about one');
  const store = <T>(fn: (db: Db, region: string) => Promise<T>) => {
    const config = readConfig(context.options(), io);
    return withStore(config, io, (db) => fn(db, profilesSettings(config).defaultRegion));
  };

  customers
    .command('search <query...>')
    .description(
      'find customers by name (typos and Cyrillic/Latin spellings too), e-mail, phone, tax id, ERP id or order number',
    )
    .option('--limit <n>', 'how many', parseCount, 20)
    .option('--json', 'print JSON')
    .action(async (words: string[], options: { limit: number; json?: boolean }) => {
      const query = words.join(' ');
      const hits = await store((db, defaultRegion) =>
        searchProfiles(db, query, { limit: options.limit, defaultRegion }),
      );
      if (options.json) return io.out(JSON.stringify(hits, null, 2));
      if (hits.length === 0) return io.out(`no customer matches "${query}"`);
      io.out(
        formatTable(
          ['id', 'name', 'kind', 'matched', 'rank'],
          hits.map((h) => [h.profileId, h.displayName, h.kind, `${h.matchedOn} ${h.matched}`, h.rank]),
        ),
      );
    });

  customers
    .command('show <id-or-query...>')
    .description("one customer's 360: every ERP record, metrics, latest orders, tickets, reminders, notes")
    .option('--orders <n>', 'latest orders to show', parseCount, 10)
    .option('--json', 'print JSON')
    .action(async (words: string[], options: { orders: number; json?: boolean }) => {
      const query = words.join(' ');
      const { card, search } = await store((db, defaultRegion) =>
        findCard(db, query, { orders: options.orders, defaultRegion }),
      );
      if (options.json) return io.out(JSON.stringify(search ? { ...card, search } : card, null, 2));
      io.out([...(search ? choiceLines(query, search) : []), renderCard(card)].join('\n'));
    });

  customers
    .command('dormant')
    .description('dormant customers worth most first, then customers at risk of churning, with the reasons')
    .option('--limit <n>', 'how many of each', parseCount, 20)
    .option('--json', 'print JSON')
    .action(async (options: { limit: number; json?: boolean }) => {
      const [dormant, churnRisk] = await store((db) =>
        Promise.all([
          dormantCustomers(db, { limit: options.limit }),
          churnRiskCustomers(db, { limit: options.limit }),
        ]),
      );
      if (options.json) return io.out(JSON.stringify({ dormant, churnRisk }, null, 2));
      io.out(
        [
          quietSection('dormant customers', dormant),
          quietSection('\nat risk of churning (not dormant yet)', churnRisk),
        ].join('\n'),
      );
    });
}

interface Choice {
  chosen: SearchHit;
  /** Every hit as good as the chosen one, the chosen one first. */
  tied: SearchHit[];
}

/** The card of an id (a merged id leads to its survivor), else of the best search hit. */
async function findCard(
  db: Db,
  query: string,
  options: { orders: number; defaultRegion: string },
): Promise<{ card: CustomerCard; search?: Choice }> {
  if (UUID.test(query)) return { card: await customerCard(db, query, { orders: options.orders }) };
  const hits = await searchProfiles(db, query, { limit: 20, defaultRegion: options.defaultRegion });
  const chosen = hits[0];
  if (!chosen) {
    throw new NotFoundError(`no customer matches "${query}" (try crm-bridge customers search)`, {
      code: 'cli.customer_not_found',
    });
  }
  const tied = hits.filter((hit) => hit.rank === chosen.rank);
  return {
    card: await customerCard(db, chosen.profileId, { orders: options.orders }),
    search: { chosen, tied },
  };
}

function choiceLines(query: string, { chosen, tied }: Choice): string[] {
  const lines = [`best match for "${query}": ${chosen.displayName} (${chosen.matchedOn} ${chosen.matched})`];
  if (tied.length > 1) {
    lines.push(`${tied.length} customers match equally well; showing the first. The others:`);
    for (const hit of tied.slice(1))
      lines.push(`  ${hit.profileId}  ${hit.displayName}  (${hit.matchedOn} ${hit.matched})`);
    lines.push('  (crm-bridge customers show <id> shows one of them)');
  }
  return [...lines, ''];
}

const TAX_NAMES: Record<string, string> = {
  inn: 'INN',
  ogrn: 'OGRN',
  ru_inn: 'INN',
  ru_kpp: 'KPP',
  ru_ogrn: 'OGRN',
  ru_ogrnip: 'OGRNIP',
  eu_vat: 'VAT',
  vat: 'VAT',
};

/** 12345.6 → "12,345.60 EUR". */
export function money(amount: string | number, currency: string): string {
  return `${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

const day = (iso: string | null) => (iso === null ? '-' : iso.slice(0, 10));
const minute = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** Amounts padded to one width, so a table column of them lines up on the right. */
function alignRight(values: string[]): string[] {
  const width = Math.max(0, ...values.map((v) => v.length));
  return values.map((v) => v.padStart(width));
}

function address(value: Record<string, unknown> | null): string | null {
  if (!value) return null;
  if (typeof value.text === 'string' && value.text) return value.text;
  const parts = [
    value.line1,
    value.line2,
    [value.postalCode, value.city].filter(Boolean).join(' '),
    value.region,
    value.country,
  ];
  return parts.filter((part) => typeof part === 'string' && part !== '').join(', ') || null;
}

/** The 360 as text: golden fields, sources, related profiles, metrics, orders, tickets, reminders, notes. */
export function renderCard(card: CustomerCard): string {
  const p = card.profile;
  const field = (label: string, value: string | null) => `  ${label.padEnd(11)} ${value ?? '-'}`;
  const taxIds = p.taxIds.map((t) => `${TAX_NAMES[t.kind] ?? t.kind} ${t.value}`).join(', ');
  const lines = [
    `${p.displayName}  (${p.kind}${p.status === 'inactive' ? ', inactive: deleted in every ERP' : ''})`,
    field('id', p.id + (p.mergedFrom ? `  (${p.mergedFrom} was merged into it)` : '')),
    field('legal name', p.legalName),
    field('e-mail', p.primaryEmail),
    field('phone', p.primaryPhone),
    field('tax ids', taxIds || null),
    field('address', address(p.address)),
    field('owner', p.owner?.name ?? 'no owner'),
    `\nsources (${card.records.length}):`,
    formatTable(
      ['erp', 'id', 'name', 'status', 'last change', 'joined by'],
      card.records.map((r) => [
        r.source,
        r.externalId,
        r.displayName,
        r.status,
        r.sourceModifiedAt ? minute(r.sourceModifiedAt) : `${minute(r.updatedAt)} (synced)`,
        r.joinedBy === null ? 'first record' : describeKey(r.joinedBy, r.joinedKey),
      ]),
    ),
    '\nrelated:',
    card.related.length
      ? formatTable(
          ['kind', 'name', 'id'],
          card.related.map((r) => [r.kind, r.displayName, r.profileId]),
        )
      : '  none',
    ...metricsLines(card),
    `\nlatest orders (${card.orders.length} of ${card.orderTotal}, every ERP):`,
    card.orders.length ? ordersTable(card.orders) : '  none',
    '\ntickets:',
    ...(card.tickets.length
      ? card.tickets.map(
          (t) => `  #${t.number}  ${t.status}  ${t.priority}  ${t.title}  (${day(t.createdAt)})`,
        )
      : ['  none']),
    '\nreminders:',
    ...(card.reminders.length ? card.reminders.map((r) => `  ${minute(r.dueAt)}  ${r.text}`) : ['  none']),
    '\nnotes:',
    ...(card.notes.length
      ? card.notes.map(
          (n) => `  ${day(n.occurredAt)}  ${n.kind}  ${n.body.replace(/\s+/g, ' ').slice(0, 100)}`,
        )
      : ['  none']),
  ];
  return lines.join('\n');
}

function metricsLines({ metrics: m }: CustomerCard): string[] {
  if (!m) return ['\nmetrics:', '  none yet (crm-bridge profiles update computes them)'];
  if (m.orderCount === 0) return ['\nmetrics:', '  no orders in any ERP'];
  const base = m.baseCurrency;
  const currencies = Object.keys(m.revenue).sort();
  // Per-currency totals only add something when an order was not in the base currency.
  const revenue =
    currencies.length === 1 && currencies[0] === base
      ? ''
      : ` (${currencies.map((c) => money(m.revenue[c]!, c)).join(' + ')})`;
  const rows: [string, string][] = [
    ['revenue', `${money(m.revenueBase, base)} from ${m.orderCount} orders${revenue}`],
    [
      'orders',
      `first ${day(m.firstOrderAt)}, last ${day(m.lastOrderAt)}` +
        (m.typicalGapDays === null ? '' : `, usually every ${Math.round(m.typicalGapDays)} days`) +
        (m.averageOrderValue === null ? '' : `, average ${money(m.averageOrderValue, base)}`),
    ],
    [
      'RFM',
      m.rfm
        ? `R${m.rfm.r} F${m.rfm.f} M${m.rfm.m}: ${m.segment ?? '-'}`
        : 'not scored (no orders in the window)',
    ],
    ['LTV', m.lifetimeValue === null ? '-' : money(m.lifetimeValue, base)],
    ['VIP', m.vip ? 'yes' : 'no'],
    ['dormant', m.dormant ? `yes: ${m.reason}` : 'no'],
    ['churn risk', m.churnRisk ? `yes: ${m.churnReason}` : 'no'],
  ];
  if (m.missingRates.length) {
    rows.push([
      'left out',
      `orders in ${m.missingRates.join(', ')}: no rate to ${base} in config currency.rates`,
    ]);
  }
  return [
    `\nmetrics (in ${base}, computed ${minute(m.computedAt)}):`,
    ...rows.map(([label, value]) => `  ${label.padEnd(11)} ${value}`),
  ];
}

function ordersTable(orders: CustomerCard['orders']): string {
  const totals = alignRight(orders.map((o) => money(o.total, o.currency)));
  return formatTable(
    ['date', 'erp', 'number', 'status', 'total'],
    orders.map((o, i) => [
      day(o.orderedAt),
      o.source,
      o.number,
      o.deleted ? `${o.status} (deleted)` : o.status,
      totals[i]!,
    ]),
  );
}

function quietSection(title: string, list: QuietCustomers): string {
  const shown = list.customers.length < list.total ? `, the ${list.customers.length} worth most shown` : '';
  if (list.total === 0) return `${title}: none`;
  const revenue = alignRight(list.customers.map((c) => money(c.revenueBase, c.baseCurrency)));
  return `${title}: ${list.total}${shown}\n${formatTable(
    ['name', 'id', 'last order', 'days', 'revenue', 'owner', 'why'],
    list.customers.map((c, i) => [
      c.displayName,
      c.profileId,
      day(c.lastOrderAt),
      c.daysSinceLastOrder ?? '-',
      revenue[i]!,
      c.owner?.name ?? 'no owner',
      c.reason,
    ]),
  )}`;
}
