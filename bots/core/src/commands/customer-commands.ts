import { authorize, listTickets, type TicketView, timeline } from '@crm-bridge/desk';
import {
  CARD_LATEST_TICKETS,
  type CustomerCard,
  customerCard,
  customerOrders,
  dormantCustomers,
  findProfileRef,
  searchProfiles,
} from '@crm-bridge/profiles';
import { type ChatContext, showsPersonalData } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { cardView } from '../views/card-view';
import { dormantView } from '../views/dormant-view';
import { ordersView } from '../views/orders-view';
import { searchView } from '../views/search-view';
import { timelineView } from '../views/timeline-view';
import { pageAt } from './page-walk';
import { textReply, viewReply } from './replies';

/** How many hits a search reads: ten pages of a pick list. */
const SEARCH_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds customers: one hit opens the card, several give a pick list, none says how to search. */
export async function findCustomers(ctx: ChatContext, query: string, page = 0): Promise<ChatReply> {
  authorize(ctx.actor, 'customers.read');
  if (!query.trim()) return textReply(ctx.t('need.find'));
  const hits = await searchProfiles(ctx.db, query, {
    defaultRegion: ctx.settings.defaultRegion,
    limit: SEARCH_LIMIT,
  });
  if (hits.length === 1 && page === 0) return showCard(ctx, hits[0]!.profileId);
  return viewReply(searchView(ctx, query, hits, page));
}

/**
 * A customer named in a command: a profile id, else a search with exactly one hit. Anything else
 * answers with the pick list (or "not found") instead.
 */
export async function resolveCustomer(
  ctx: ChatContext,
  reference: string,
): Promise<{ profileId: string } | { reply: ChatReply }> {
  authorize(ctx.actor, 'customers.read');
  const text = reference.trim();
  if (UUID.test(text)) {
    const ref = await findProfileRef(ctx.db, text);
    if (ref) return { profileId: ref.id };
  }
  if (!text) return { reply: textReply(ctx.t('need.customer')) };
  const hits = await searchProfiles(ctx.db, text, {
    defaultRegion: ctx.settings.defaultRegion,
    limit: SEARCH_LIMIT,
  });
  if (hits.length === 1) return { profileId: hits[0]!.profileId };
  return { reply: viewReply(searchView(ctx, text, hits, 0)) };
}

/** Customers gone dormant: the employee's own, or everyone's; the ten worth most first. */
export async function dormantList(ctx: ChatContext, mine: boolean): Promise<ChatReply> {
  authorize(ctx.actor, 'customers.read');
  const quiet = await dormantCustomers(ctx.db, {
    limit: 10,
    now: ctx.now,
    ...(mine ? { ownerId: ctx.employee.id } : {}),
  });
  return viewReply(dormantView(ctx, quiet, mine));
}

/** Ticket statuses the card lists as open. */
const OPEN_STATUSES = ['new', 'open', 'pending'] as const;
/** How many open tickets the card lists. */
const CARD_TICKETS = 10;

/** The customer card, with the open tickets and their SLA; contacts hidden in group chats unless allowed. */
export async function showCard(ctx: ChatContext, profileId: string): Promise<ChatReply> {
  authorize(ctx.actor, 'customers.read');
  const card = await customerCard(ctx.db, profileId, { orders: 5 });
  return viewReply(
    cardView(ctx, card, await openTickets(ctx, card), { personalData: showsPersonalData(ctx) }),
  );
}

/**
 * The card's open tickets with their SLA. The card already holds the customer's latest tickets: when they
 * are all of them and none is open, there is nothing to list and no statement to run.
 */
async function openTickets(ctx: ChatContext, card: CustomerCard): Promise<TicketView[]> {
  const open = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);
  if (card.tickets.length < CARD_LATEST_TICKETS && !card.tickets.some((ticket) => open(ticket.status))) {
    authorize(ctx.actor, 'tickets.read');
    return [];
  }
  const tickets = await listTickets(
    ctx.db,
    ctx.actor,
    { profileId: card.profile.id, status: [...OPEN_STATUSES] },
    { limit: CARD_TICKETS },
    { now: ctx.now },
  );
  return tickets.items;
}

/** A page of a customer's orders from every ERP, newest first. */
export async function showOrders(ctx: ChatContext, profileId: string, page: number): Promise<ChatReply> {
  authorize(ctx.actor, 'customers.read');
  const card = await findProfileRef(ctx.db, profileId);
  const name = card ? await profileName(ctx, card.id) : profileId;
  const result = await pageAt<
    Awaited<ReturnType<typeof customerOrders>>['orders'][number],
    { orderedAt: string; id: number }
  >(page, async (after, limit) => {
    const found = await customerOrders(ctx.db, profileId, { limit, ...(after ? { after } : {}) });
    const last = found.orders[found.orders.length - 1];
    return {
      items: found.orders,
      next: found.more && last ? { orderedAt: last.orderedAt, id: last.id } : null,
    };
  });
  return viewReply(ordersView(ctx, { profileId: card?.id ?? profileId, name }, result));
}

/** A page of a customer's timeline: orders, tickets, reminders and notes, newest first. */
export async function showTimeline(ctx: ChatContext, profileId: string, page: number): Promise<ChatReply> {
  const ref = await findProfileRef(ctx.db, profileId);
  const name = ref ? await profileName(ctx, ref.id) : profileId;
  const result = await pageAt<Awaited<ReturnType<typeof timeline>>['items'][number], string>(
    page,
    async (cursor, limit) => {
      const found = await timeline(ctx.db, ctx.actor, profileId, { limit, cursor });
      return { items: found.items, next: found.nextCursor };
    },
  );
  return viewReply(timelineView(ctx, { profileId: ref?.id ?? profileId, name }, result));
}

async function profileName(ctx: ChatContext, profileId: string): Promise<string> {
  const [row] = await ctx.db.query<{ display_name: string }>(
    `SELECT display_name FROM profiles WHERE id = $1`,
    [profileId],
  );
  return row?.display_name ?? profileId;
}
