import {
  type IDataObject,
  type IHookFunctions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
  NodeConnectionTypes,
} from 'n8n-workflow';
import { EVENT_OPTIONS } from './events';
import { deliveryRefusal } from './signature';
import { checkExists, create, remove, storedSubscriptions } from './subscriptions';

function header(headers: IDataObject, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
}

/** Starts a workflow on CRM Bridge events, delivered as signed webhooks and verified before anything runs. */
export class CrmBridgeTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'CRM Bridge Trigger',
    name: 'crmBridgeTrigger',
    icon: { light: 'file:../../icons/crmBridge.svg', dark: 'file:../../icons/crmBridge.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: 'Starts the workflow when something happens in CRM Bridge',
    defaults: { name: 'CRM Bridge Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'crmBridgeApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: EVENT_OPTIONS,
        required: true,
        default: ['ticket.created'],
        description: 'The events that start the workflow. The API key needs the admin scope to subscribe.',
      },
    ],
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return checkExists.call(this);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return create.call(this);
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return remove.call(this);
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const request = this.getRequestObject() as unknown as { rawBody?: Buffer };
    const headers = this.getHeaderData() as IDataObject;
    const secrets = Object.values(storedSubscriptions(this.getWorkflowStaticData('node'))).map(
      (s) => s.secret,
    );
    const rawBody = request.rawBody;
    const nowMs = Date.now();
    const refusals = secrets.map((secret) =>
      rawBody === undefined
        ? 'no raw body to verify'
        : deliveryRefusal({
            secret,
            rawBody,
            timestamp: header(headers, 'x-crm-bridge-timestamp'),
            signature: header(headers, 'x-crm-bridge-signature'),
            nowMs,
          }),
    );
    if (!refusals.includes(null)) {
      // Forged, stale or for a subscription we no longer hold: start nothing, and say so without detail.
      const response = this.getResponseObject();
      response.status(401).json({ error: 'invalid or stale signature' });
      return { noWebhookResponse: true };
    }
    const event = this.getBodyData();
    const events = this.getNodeParameter('events') as string[];
    if (!events.includes(String(event.topic))) return {};
    const deliveryId = header(headers, 'x-crm-bridge-delivery');
    return {
      workflowData: [this.helpers.returnJsonArray({ ...event, ...(deliveryId ? { deliveryId } : {}) })],
    };
  }
}
