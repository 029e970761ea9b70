import { addNote, NewNote, timeline } from '@crm-bridge/desk';
import { customerCard, customerOrders, searchProfiles } from '@crm-bridge/profiles';
import { z } from 'zod';
import { decodeCursor, encodeCursor, Limit, pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { CustomerCard, CustomerOrder, SearchHit } from '../schemas/customer-schemas';
import { Note, TimelineEntry } from '../schemas/desk-schemas';

const tags = ['customers'];
/** A profile id; an id folded by a merge still answers, with the survivor. */
export const ProfileIdParams = z.object({ id: z.uuid().meta({ description: 'A profile id' }) });

const search = defineRoute({
  method: 'GET',
  path: '/v1/customers',
  operationId: 'searchCustomers',
  summary: 'Find customers by name, e-mail, phone, tax id, ERP id or order number',
  description:
    'Key matches first, then names (exact, prefix, one typo per word). Ranked, not paged: ask for up to ' +
    '100 and refine the query for more.',
  tags,
  scope: 'read',
  query: z.object({
    q: z.string().trim().min(1).max(200).meta({ description: 'What to look for' }),
    limit: Limit,
  }),
  response: z.strictObject({ items: z.array(SearchHit) }),
  handler: async ({ query }, { db, profiles }) => ({
    items: await searchProfiles(db, query.q, { limit: query.limit, defaultRegion: profiles.defaultRegion }),
  }),
});

const card = defineRoute({
  method: 'GET',
  path: '/v1/customers/:id',
  operationId: 'getCustomer',
  summary: 'The customer 360: golden record, ERP records, metrics, orders, tickets, reminders, notes',
  tags,
  scope: 'read',
  params: ProfileIdParams,
  response: CustomerCard,
  errors: [404],
  handler: ({ params }, { db }) => customerCard(db, params.id),
});

const OrderCursor = z.tuple([z.iso.datetime(), z.int()]);

const orders = defineRoute({
  method: 'GET',
  path: '/v1/customers/:id/orders',
  operationId: 'listCustomerOrders',
  summary: "A customer's orders in every ERP, newest first",
  tags,
  scope: 'read',
  params: ProfileIdParams,
  query: z.object(pageQuery),
  response: pageOf(CustomerOrder),
  errors: [404],
  handler: async ({ params, query }, { db }) => {
    const after = query.cursor ? decodeCursor(query.cursor, OrderCursor) : undefined;
    const page = await customerOrders(db, params.id, {
      limit: query.limit,
      ...(after ? { after: { orderedAt: after[0], id: after[1] } } : {}),
    });
    const last = page.orders[page.orders.length - 1];
    return {
      items: page.orders,
      nextCursor: page.more && last ? encodeCursor([last.orderedAt, last.id]) : null,
    };
  },
});

const customerTimeline = defineRoute({
  method: 'GET',
  path: '/v1/customers/:id/timeline',
  operationId: 'getCustomerTimeline',
  summary: "A customer's one timeline, newest first: orders, tickets, reminders and notes",
  tags,
  scope: 'read',
  params: ProfileIdParams,
  query: z.object(pageQuery),
  response: pageOf(TimelineEntry),
  errors: [404],
  handler: ({ params, query }, { db, actor }) =>
    timeline(db, actor, params.id, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }),
});

const note = defineRoute({
  method: 'POST',
  path: '/v1/customers/:id/notes',
  operationId: 'addCustomerNote',
  summary: 'Add a note to a customer: a call, a visit, what the customer said',
  tags,
  scope: 'write',
  status: 201,
  params: ProfileIdParams,
  body: NewNote.extend({
    occurredAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When it happened; now when absent' }),
  }),
  response: Note,
  errors: [404],
  handler: ({ params, body }, { db, actor }) => addNote(db, actor, params.id, body),
});

export const customerRoutes = [search, card, orders, customerTimeline, note];
