import { type IDataObject, type IHookFunctions, NodeOperationError } from 'n8n-workflow';
import { crmBridgeClient, segment } from '../../shared/transport';

/** What the node keeps per webhook URL (n8n's test and production URLs each get their own subscription). */
export interface StoredSubscription {
  id: string;
  secret: string;
  events: string[];
}

/** The node's static data: subscriptions by the n8n webhook URL they deliver to. */
export function storedSubscriptions(data: IDataObject): Record<string, StoredSubscription> {
  if (data.subscriptions === null || typeof data.subscriptions !== 'object') data.subscriptions = {};
  return data.subscriptions as unknown as Record<string, StoredSubscription>;
}

function context(hook: IHookFunctions) {
  const url = hook.getNodeWebhookUrl('default');
  if (!url) throw new NodeOperationError(hook.getNode(), 'n8n gave no webhook URL for this node');
  const events = [...(hook.getNodeParameter('events') as string[])].sort();
  const stored = storedSubscriptions(hook.getWorkflowStaticData('node'));
  return { url, events, stored };
}

const sameEvents = (a: unknown, b: string[]) =>
  Array.isArray(a) && a.length === b.length && [...a].sort().every((event, i) => event === b[i]);

/** Deletes a subscription; one already gone (404) is just as deleted. */
async function deleteRemote(hook: IHookFunctions, id: string): Promise<void> {
  const client = await crmBridgeClient(hook);
  await client.requestWithStatus({
    method: 'DELETE',
    path: `/v1/webhooks/${segment(id)}`,
    acceptStatuses: [404],
  });
}

/** True when our subscription for this URL still exists in CRM Bridge, active and with the chosen events. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
  const { url, events, stored } = context(this);
  const mine = stored[url];
  if (!mine) return false;
  const client = await crmBridgeClient(this);
  const { statusCode, body } = await client.requestWithStatus<IDataObject>({
    method: 'GET',
    path: `/v1/webhooks/${segment(mine.id)}`,
    acceptStatuses: [404],
  });
  if (statusCode === 404) {
    delete stored[url];
    return false;
  }
  return body.url === url && body.active === true && sameEvents(body.events, events);
}

/** Subscribes this node's URL to the chosen events, replacing an outdated subscription of ours. */
export async function create(this: IHookFunctions): Promise<boolean> {
  const { url, events, stored } = context(this);
  if (events.length === 0) throw new NodeOperationError(this.getNode(), 'Choose at least one event');
  const outdated = stored[url];
  if (outdated) {
    await deleteRemote(this, outdated.id);
    delete stored[url];
  }
  const client = await crmBridgeClient(this);
  const created = await client.request<{ subscription: IDataObject; secret: string }>({
    method: 'POST',
    path: '/v1/webhooks',
    body: { url, events },
  });
  stored[url] = { id: String(created.subscription.id), secret: created.secret, events };
  return true;
}

/** Removes this URL's subscription; idempotent (nothing stored, or already gone in CRM Bridge, is fine). */
export async function remove(this: IHookFunctions): Promise<boolean> {
  const { url, stored } = context(this);
  const mine = stored[url];
  if (mine) await deleteRemote(this, mine.id);
  delete stored[url];
  return true;
}
