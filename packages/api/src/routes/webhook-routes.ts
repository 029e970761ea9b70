import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  NewWebhookSubscription,
  rotateWebhookSecret,
  updateWebhookSubscription,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookSecret,
  WebhookSubscription,
  WebhookSubscriptionChanges,
} from '@crm-bridge/desk';
import { z } from 'zod';
import { webhookCaller } from '../app/route-context';
import { Limit } from '../http/pagination';
import { defineRoute, NoContent } from '../http/route';

const tags = ['webhooks'];
const SubscriptionId = z.object({ id: z.uuid() });
const WithSecret = z.strictObject({
  subscription: WebhookSubscription,
  secret: z.string().meta({ description: 'The HMAC-SHA256 signing secret: shown this once, never again' }),
});

const list = defineRoute({
  method: 'GET',
  path: '/v1/webhooks',
  operationId: 'listWebhookSubscriptions',
  summary: 'Webhook subscriptions, oldest first (never their secrets)',
  tags,
  scope: 'admin',
  response: z.strictObject({ items: z.array(WebhookSubscription) }),
  handler: async (_input, { db, actor }) => ({
    items: await listWebhookSubscriptions(db, webhookCaller(actor)),
  }),
});

const create = defineRoute({
  method: 'POST',
  path: '/v1/webhooks',
  operationId: 'createWebhookSubscription',
  summary: 'Subscribe a URL to events; the answer holds the signing secret, shown only this once',
  tags,
  scope: 'admin',
  status: 201,
  body: NewWebhookSubscription,
  response: WithSecret,
  handler: async ({ body }, { db, actor, reply }) => {
    const created = await createWebhookSubscription(db, webhookCaller(actor), {
      url: body.url,
      events: body.events,
      ...(body.secret ? { secret: body.secret.reveal() } : {}),
    });
    reply.header('location', `/v1/webhooks/${created.subscription.id}`);
    return created;
  },
});

const read = defineRoute({
  method: 'GET',
  path: '/v1/webhooks/:id',
  operationId: 'getWebhookSubscription',
  summary: 'One subscription, with its failure streak (never its secret)',
  tags,
  scope: 'admin',
  params: SubscriptionId,
  response: WebhookSubscription,
  errors: [404],
  handler: ({ params }, { db, actor }) => getWebhookSubscription(db, webhookCaller(actor), params.id),
});

const update = defineRoute({
  method: 'PATCH',
  path: '/v1/webhooks/:id',
  operationId: 'updateWebhookSubscription',
  summary: 'Change the URL, the events, or switch it off and on (on also re-enables a disabled one)',
  tags,
  scope: 'admin',
  params: SubscriptionId,
  body: WebhookSubscriptionChanges,
  response: WebhookSubscription,
  errors: [404],
  handler: ({ params, body }, { db, actor }) =>
    updateWebhookSubscription(db, webhookCaller(actor), params.id, body),
});

const remove = defineRoute({
  method: 'DELETE',
  path: '/v1/webhooks/:id',
  operationId: 'deleteWebhookSubscription',
  summary: 'Delete a subscription and its delivery history',
  tags,
  scope: 'admin',
  status: 204,
  params: SubscriptionId,
  response: NoContent,
  errors: [404],
  handler: async ({ params }, { db, actor }) => {
    await deleteWebhookSubscription(db, webhookCaller(actor), params.id);
    return undefined;
  },
});

const rotate = defineRoute({
  method: 'POST',
  path: '/v1/webhooks/:id/rotate-secret',
  operationId: 'rotateWebhookSecret',
  summary: 'Replace the signing secret (a new random one unless given); the answer shows it this once',
  tags,
  scope: 'admin',
  params: SubscriptionId,
  body: z.strictObject({ secret: WebhookSecret.optional() }),
  response: WithSecret,
  errors: [404],
  handler: ({ params, body }, { db, actor }) =>
    rotateWebhookSecret(
      db,
      webhookCaller(actor),
      params.id,
      body.secret ? { secret: body.secret.reveal() } : {},
    ),
});

const deliveries = defineRoute({
  method: 'GET',
  path: '/v1/webhooks/:id/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: "A subscription's deliveries, newest first: status, attempts, the receiver's answer",
  tags,
  scope: 'admin',
  params: SubscriptionId,
  query: z.object({ status: WebhookDeliveryStatus.optional(), limit: Limit }),
  response: z.strictObject({ items: z.array(WebhookDelivery) }),
  errors: [404],
  handler: async ({ params, query }, { db, actor }) => ({
    items: await listWebhookDeliveries(db, webhookCaller(actor), params.id, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
    }),
  }),
});

export const webhookRoutes = [list, create, read, update, remove, rotate, deliveries];
