import {
  type IDataObject,
  type IExecuteFunctions,
  type IHookFunctions,
  type IHttpRequestMethods,
  type IHttpRequestOptions,
  type ILoadOptionsFunctions,
  type JsonObject,
  NodeApiError,
} from 'n8n-workflow';

/** The credential type every CRM Bridge node authenticates with. */
export const CREDENTIAL_TYPE = 'crmBridgeApi';

/** The most items one API page may hold (`?limit=` is 1 to 100). */
export const MAX_PAGE_SIZE = 100;

/** Every request has a timeout: a hung server fails the item instead of the workflow hanging. */
const REQUEST_TIMEOUT_MS = 30_000;

type ApiContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
  method: IHttpRequestMethods;
  /** The path under the base URL, `/v1/...`, with path parameters already encoded. */
  path: string;
  body?: IDataObject;
  qs?: IDataObject;
  /** The item this request is for, so n8n points at it when it fails. */
  itemIndex?: number;
  /** Statuses that are an answer rather than an error (a DELETE of a gone subscription: 404). */
  acceptStatuses?: number[];
}

export interface ApiResponse<T> {
  statusCode: number;
  body: T;
}

/** A page of a CRM Bridge list: `{ items, nextCursor }`. */
interface Page {
  items: IDataObject[];
  nextCursor: string | null;
}

export interface ListOptions {
  path: string;
  qs?: IDataObject;
  itemIndex: number;
  /** true: every page; false: at most `limit` items. */
  returnAll: boolean;
  limit: number;
}

/** A CRM Bridge API client bound to one node execution; all HTTP goes through n8n's authenticated helper. */
export interface CrmBridgeClient {
  request<T = IDataObject>(request: ApiRequest): Promise<T>;
  /** The status too, for callers that accept a non-2xx answer. */
  requestWithStatus<T = IDataObject>(request: ApiRequest): Promise<ApiResponse<T>>;
  /** Follows `nextCursor` until the last page or until `limit` items. */
  list(options: ListOptions): Promise<IDataObject[]>;
}

/** `encodeURIComponent` for a path segment the user typed (a ticket ref, a uuid). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value).trim());
}

function problemOf(body: unknown): IDataObject {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
}

/** The API's problem+json turned into a NodeApiError: its detail as the message, its code and field errors below. */
function apiError(ctx: ApiContext, statusCode: number, body: unknown, itemIndex?: number): NodeApiError {
  const problem = problemOf(body);
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  const title = typeof problem.title === 'string' ? problem.title : `HTTP ${statusCode}`;
  const fieldErrors = Array.isArray(problem.errors)
    ? (problem.errors as IDataObject[]).map((issue) => `${String(issue.path)}: ${String(issue.message)}`)
    : [];
  const description = [typeof problem.code === 'string' ? `code: ${problem.code}` : undefined, ...fieldErrors]
    .filter((line) => line !== undefined)
    .join('\n');
  return new NodeApiError(ctx.getNode(), problem as JsonObject, {
    message: detail ?? title,
    ...(description ? { description } : {}),
    httpCode: String(statusCode),
    ...(itemIndex !== undefined ? { itemIndex } : {}),
  });
}

function baseUrlOf(credentials: IDataObject): string {
  return String(credentials.baseUrl ?? '')
    .trim()
    .replace(/\/+$/, '');
}

/** A client for this execution: reads the credential once, then sends each request through n8n. */
export async function crmBridgeClient(ctx: ApiContext): Promise<CrmBridgeClient> {
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const baseURL = baseUrlOf(credentials);

  const requestWithStatus = async <T>(request: ApiRequest): Promise<ApiResponse<T>> => {
    const options: IHttpRequestOptions = {
      method: request.method,
      baseURL,
      url: request.path,
      headers: { Accept: 'application/json', 'X-CRM-Bridge-Channel': 'n8n' },
      json: true,
      timeout: REQUEST_TIMEOUT_MS,
      // A signed webhook secret or a ticket must never follow a redirect to another host.
      disableFollowRedirect: true,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.qs !== undefined ? { qs: request.qs } : {}),
    };
    let response: { statusCode: number; body: unknown };
    try {
      response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
    } catch (error) {
      // Transport failures (refused, timeout, DNS): n8n's own error, with the item to blame.
      throw new NodeApiError(ctx.getNode(), error as JsonObject, {
        ...(request.itemIndex !== undefined ? { itemIndex: request.itemIndex } : {}),
      });
    }
    const { statusCode } = response;
    if ((statusCode < 200 || statusCode >= 300) && !request.acceptStatuses?.includes(statusCode)) {
      throw apiError(ctx, statusCode, response.body, request.itemIndex);
    }
    return { statusCode, body: (response.body === '' ? {} : response.body) as T };
  };

  const request = async <T>(req: ApiRequest): Promise<T> => (await requestWithStatus<T>(req)).body;

  const list = async ({ path, qs, itemIndex, returnAll, limit }: ListOptions): Promise<IDataObject[]> => {
    const items: IDataObject[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const pageSize = returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - items.length);
      const page: Page = await request<Page>({
        method: 'GET',
        path,
        qs: { ...qs, limit: pageSize, ...(cursor ? { cursor } : {}) },
        itemIndex,
      });
      items.push(...page.items);
      cursor = page.nextCursor;
      // A server that hands back a cursor it already gave would loop forever: stop at the repeat.
      if (cursor !== null) {
        if (seen.has(cursor)) break;
        seen.add(cursor);
      }
    } while (cursor !== null && (returnAll || items.length < limit));
    return returnAll ? items : items.slice(0, limit);
  };

  return { request, requestWithStatus, list };
}
