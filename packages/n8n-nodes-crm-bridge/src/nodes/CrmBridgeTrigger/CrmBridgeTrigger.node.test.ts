import { createHmac } from 'node:crypto';
import { useNock } from '@test/support/nock';
import type { IDataObject } from 'n8n-workflow';
import { hookFunctions, webhookFunctions } from '../../n8n-context.test-support';
import { api } from '../CrmBridge/resources/api-mock.test-support';
import { CrmBridgeTrigger } from './CrmBridgeTrigger.node';

useNock();

const URL_PROD = 'https://n8n.example.com/webhook/abc/webhook';
const URL_TEST = 'https://n8n.example.com/webhook-test/abc/webhook';
const SUB_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const SECRET = 'whsec-0123456789abcdefghijklmnopqrstuvwxyz';
const events = ['ticket.created', 'sync.failed'];
const subscription = { id: SUB_ID, url: URL_PROD, events, active: true };

const trigger = new CrmBridgeTrigger();
const methods = trigger.webhookMethods.default;

describe('CRM Bridge Trigger: subscription lifecycle', () => {
  it('creates a subscription for its URL and events and keeps id and secret in static data', async () => {
    const staticData: IDataObject = {};
    api()
      .post('/v1/webhooks', { url: URL_PROD, events: ['sync.failed', 'ticket.created'] })
      .reply(201, { subscription, secret: SECRET });
    const hook = hookFunctions({ webhookUrl: URL_PROD, events, staticData });
    expect(await methods.checkExists.call(hook)).toBe(false);
    expect(await methods.create.call(hook)).toBe(true);
    expect(staticData.subscriptions).toEqual({
      [URL_PROD]: { id: SUB_ID, secret: SECRET, events: ['sync.failed', 'ticket.created'] },
    });
  });

  it('finds its subscription while it exists with the same URL and events', async () => {
    const staticData: IDataObject = { subscriptions: { [URL_PROD]: { id: SUB_ID, secret: SECRET, events } } };
    api().get(`/v1/webhooks/${SUB_ID}`).reply(200, subscription);
    expect(await methods.checkExists.call(hookFunctions({ webhookUrl: URL_PROD, events, staticData }))).toBe(
      true,
    );
  });

  it('answers false when the subscription was deleted in CRM Bridge, and forgets it', async () => {
    const staticData: IDataObject = { subscriptions: { [URL_PROD]: { id: SUB_ID, secret: SECRET, events } } };
    api().get(`/v1/webhooks/${SUB_ID}`).reply(404, { status: 404, detail: 'No subscription' });
    expect(await methods.checkExists.call(hookFunctions({ webhookUrl: URL_PROD, events, staticData }))).toBe(
      false,
    );
    expect(staticData.subscriptions).toEqual({});
  });

  it('replaces its subscription when the chosen events changed', async () => {
    const staticData: IDataObject = { subscriptions: { [URL_PROD]: { id: SUB_ID, secret: SECRET, events } } };
    const hook = hookFunctions({ webhookUrl: URL_PROD, events: ['reminder.due'], staticData });
    api()
      .get(`/v1/webhooks/${SUB_ID}`)
      .reply(200, subscription)
      .delete(`/v1/webhooks/${SUB_ID}`)
      .reply(204)
      .post('/v1/webhooks', { url: URL_PROD, events: ['reminder.due'] })
      .reply(201, { subscription: { ...subscription, id: 'new-id' }, secret: 'new-secret-0123456789' });
    expect(await methods.checkExists.call(hook)).toBe(false);
    await methods.create.call(hook);
    expect(staticData.subscriptions).toEqual({
      [URL_PROD]: { id: 'new-id', secret: 'new-secret-0123456789', events: ['reminder.due'] },
    });
  });

  it('keeps the test and production URLs apart: deleting one leaves the other', async () => {
    const staticData: IDataObject = {
      subscriptions: {
        [URL_PROD]: { id: SUB_ID, secret: SECRET, events },
        [URL_TEST]: { id: 'test-id', secret: 'test-secret-0123456789', events },
      },
    };
    api().delete('/v1/webhooks/test-id').reply(204);
    expect(await methods.delete.call(hookFunctions({ webhookUrl: URL_TEST, events, staticData }))).toBe(true);
    expect(Object.keys(staticData.subscriptions as IDataObject)).toEqual([URL_PROD]);
  });

  it('deletes idempotently: a subscription already gone (404) or never made is fine', async () => {
    const staticData: IDataObject = { subscriptions: { [URL_PROD]: { id: SUB_ID, secret: SECRET, events } } };
    api().delete(`/v1/webhooks/${SUB_ID}`).reply(404, { status: 404, detail: 'No subscription' });
    const hook = hookFunctions({ webhookUrl: URL_PROD, events, staticData });
    expect(await methods.delete.call(hook)).toBe(true);
    expect(await methods.delete.call(hook)).toBe(true);
    expect(staticData.subscriptions).toEqual({});
  });

  it('fails activation with the API message when the key lacks the admin scope', async () => {
    api()
      .post('/v1/webhooks')
      .reply(403, { status: 403, detail: 'This API key lacks the admin scope', code: 'api.scope_missing' });
    const staticData: IDataObject = {};
    await expect(
      methods.create.call(hookFunctions({ webhookUrl: URL_PROD, events, staticData })),
    ).rejects.toThrow('This API key lacks the admin scope');
    expect(staticData.subscriptions).toEqual({});
  });
});

describe('CRM Bridge Trigger: deliveries', () => {
  const staticData: IDataObject = { subscriptions: { [URL_PROD]: { id: SUB_ID, secret: SECRET, events } } };
  const body = JSON.stringify({
    id: '1042',
    topic: 'ticket.created',
    createdAt: '2026-06-01T09:30:00.000Z',
    data: { ticket: { number: 'T-7' } },
  });
  const sign = (secret: string, timestamp: number, raw = body) =>
    `v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  const deliver = (headers: IDataObject, raw = body, subscribed = events) =>
    webhookFunctions({ rawBody: raw, headers, events: subscribed, staticData });
  const now = () => Math.floor(Date.now() / 1000);

  it('starts the workflow with the event for a good signature', async () => {
    const ts = now();
    const { fx, response } = deliver({
      'x-crm-bridge-timestamp': String(ts),
      'x-crm-bridge-signature': `v1=${'0'.repeat(64)}, ${sign(SECRET, ts)}`,
      'x-crm-bridge-delivery': 'd-1',
    });
    const result = await trigger.webhook.call(fx);
    expect(result.workflowData).toEqual([[{ json: { ...JSON.parse(body), deliveryId: 'd-1' } }]]);
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['a forged signature', () => ({ ts: now(), sig: sign('another-secret-0123456789', now()) })],
    ['a stale timestamp (6 minutes old)', () => ({ ts: now() - 360, sig: sign(SECRET, now() - 360) })],
    [
      'a timestamp from the future (6 minutes ahead)',
      () => ({ ts: now() + 360, sig: sign(SECRET, now() + 360) }),
    ],
    ['no signature', () => ({ ts: now(), sig: '' })],
    ['a malformed signature', () => ({ ts: now(), sig: 'v1=xyz' })],
  ])('starts nothing and answers 401 for %s', async (_name, make) => {
    const { ts, sig } = make();
    const { fx, response } = deliver({ 'x-crm-bridge-timestamp': String(ts), 'x-crm-bridge-signature': sig });
    const result = await trigger.webhook.call(fx);
    expect(result).toEqual({ noWebhookResponse: true });
    expect(response).toEqual({ statusCode: 401, sent: { error: 'invalid or stale signature' } });
  });

  it('starts nothing when the body was changed after signing', async () => {
    const ts = now();
    const tampered = body.replace('T-7', 'T-8');
    const { fx, response } = deliver(
      { 'x-crm-bridge-timestamp': String(ts), 'x-crm-bridge-signature': sign(SECRET, ts) },
      tampered,
    );
    expect(await trigger.webhook.call(fx)).toEqual({ noWebhookResponse: true });
    expect(response.statusCode).toBe(401);
  });

  it('accepts a signed event it did not choose but starts nothing', async () => {
    const ts = now();
    const { fx } = deliver(
      { 'x-crm-bridge-timestamp': String(ts), 'x-crm-bridge-signature': sign(SECRET, ts) },
      body,
      ['sync.failed'],
    );
    expect(await trigger.webhook.call(fx)).toEqual({});
  });
});
