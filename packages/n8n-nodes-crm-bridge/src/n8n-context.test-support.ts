import type {
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestOptions,
  INode,
  IWebhookFunctions,
} from 'n8n-workflow';
import { CrmBridge } from './nodes/CrmBridge/CrmBridge.node';

/** Where the mocked CRM Bridge answers in tests (nock intercepts it). */
export const BASE_URL = 'http://crm.test:8080';
export const API_KEY = 'crmb_0123456789ab_secretsecretsecretsecretsecretsecretsecre';

const node: INode = {
  id: 'node-1',
  name: 'CRM Bridge',
  type: 'n8n-nodes-crm-bridge.crmBridge',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

function queryString(qs: IDataObject | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(qs ?? {})) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * n8n's `httpRequestWithAuthentication` for tests: applies the credential's `Authorization: Bearer` header as
 * its `authenticate` block says, and performs a real HTTP request (so nock sees exactly what n8n would send),
 * honouring baseURL, qs, json, returnFullResponse and ignoreHttpStatusErrors as n8n does.
 */
export async function httpRequestLikeN8n(
  credentials: IDataObject,
  options: IHttpRequestOptions,
): Promise<unknown> {
  const url = `${options.baseURL ?? ''}${options.url}${queryString(options.qs)}`;
  const headers: Record<string, string> = {
    ...(options.headers as Record<string, string>),
    Authorization: `Bearer ${String(credentials.apiKey)}`,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: options.disableFollowRedirect ? 'manual' : 'follow',
  });
  const text = await response.text();
  let parsed: unknown = text;
  if (options.json && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!options.ignoreHttpStatusErrors && (response.status < 200 || response.status >= 300)) {
    throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
      response: { status: response.status, data: parsed },
    });
  }
  if (!options.returnFullResponse) return parsed;
  return { statusCode: response.status, statusMessage: response.statusText, headers: {}, body: parsed };
}

export interface ExecuteMockOptions {
  /** One parameter set per input item. */
  items: IDataObject[];
  continueOnFail?: boolean;
  timeZone?: string;
  credentials?: IDataObject;
}

/** A mocked IExecuteFunctions: parameters per item, real HTTP through httpRequestLikeN8n. */
export function executeFunctions(options: ExecuteMockOptions): IExecuteFunctions {
  const credentials = options.credentials ?? { baseUrl: `${BASE_URL}/`, apiKey: API_KEY };
  const mock = {
    getInputData: () => options.items.map(() => ({ json: {} })),
    getNode: () => node,
    getTimezone: () => options.timeZone ?? 'UTC',
    continueOnFail: () => options.continueOnFail ?? false,
    getExecutionCancelSignal: () => undefined,
    getCredentials: async (type: string) => {
      if (type !== 'crmBridgeApi') throw new Error(`unexpected credential type ${type}`);
      return credentials;
    },
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
      const params = options.items[itemIndex];
      if (params === undefined) throw new Error(`no item ${itemIndex}`);
      if (name in params) return params[name];
      if (fallback !== undefined) return fallback;
      throw new Error(`Could not get parameter "${name}"`);
    },
    helpers: {
      httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions) => {
        if (type !== 'crmBridgeApi') throw new Error(`unexpected credential type ${type}`);
        return httpRequestLikeN8n(credentials, request);
      },
    },
  };
  return mock as unknown as IExecuteFunctions;
}

export interface HookMockOptions {
  webhookUrl: string;
  events: string[];
  staticData: IDataObject;
}

/** A mocked IHookFunctions for the trigger's checkExists / create / delete. */
export function hookFunctions(options: HookMockOptions): IHookFunctions {
  const credentials = { baseUrl: BASE_URL, apiKey: API_KEY };
  return {
    getNode: () => ({ ...node, name: 'CRM Bridge Trigger', type: 'n8n-nodes-crm-bridge.crmBridgeTrigger' }),
    getNodeWebhookUrl: () => options.webhookUrl,
    getNodeParameter: (name: string) => {
      if (name === 'events') return options.events;
      throw new Error(`Could not get parameter "${name}"`);
    },
    getWorkflowStaticData: () => options.staticData,
    getCredentials: async () => credentials,
    helpers: {
      httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) =>
        httpRequestLikeN8n(credentials, request),
    },
  } as unknown as IHookFunctions;
}

export interface FakeResponse {
  statusCode: number;
  sent: unknown;
}

export interface WebhookMockOptions {
  rawBody: string;
  headers: IDataObject;
  events: string[];
  staticData: IDataObject;
}

/** A mocked IWebhookFunctions: the raw body and headers of one delivery, and a response that records the answer. */
export function webhookFunctions(options: WebhookMockOptions): {
  fx: IWebhookFunctions;
  response: FakeResponse;
} {
  const response: FakeResponse = { statusCode: 200, sent: undefined };
  const res = {
    status(code: number) {
      response.statusCode = code;
      return res;
    },
    json(body: unknown) {
      response.sent = body;
      return res;
    },
  };
  const fx = {
    getRequestObject: () => ({ rawBody: Buffer.from(options.rawBody), headers: options.headers }),
    getResponseObject: () => res,
    getHeaderData: () => options.headers,
    getBodyData: () => JSON.parse(options.rawBody) as IDataObject,
    getNodeParameter: (name: string) => {
      if (name === 'events') return options.events;
      throw new Error(`Could not get parameter "${name}"`);
    },
    getWorkflowStaticData: () => options.staticData,
    helpers: {
      returnJsonArray: (data: IDataObject | IDataObject[]) =>
        (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
    },
  } as unknown as IWebhookFunctions;
  return { fx, response };
}

/** Runs the action node over items of parameters and returns the JSON of its one output. */
export async function runNode(options: ExecuteMockOptions): Promise<IDataObject[]> {
  const [output] = await new CrmBridge().execute.call(executeFunctions(options));
  return (output ?? []).map((item) => item.json);
}
