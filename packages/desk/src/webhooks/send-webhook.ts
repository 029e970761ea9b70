import http from 'node:http';
import https from 'node:https';
import type { ClaimedDelivery } from './delivery-queue';
import { signWebhookPayload } from './signature';

/** What one POST came to. */
export interface WebhookResponse {
  ok: boolean;
  responseStatus: number | null;
  /** Why it failed, for the delivery row and the log: at most 500 characters, the secret masked. */
  error: string | null;
}

/** The JSON body receivers get: the event id (stable across retries), topic, when it happened, and its data. */
export function webhookBody(delivery: ClaimedDelivery): string {
  return JSON.stringify({
    id: delivery.eventId,
    topic: delivery.topic,
    createdAt: delivery.eventCreatedAt,
    data: delivery.data,
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors (a DOMException on timeout) may come from another realm than our Error.
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const text = typeof message === 'string' ? message : String(error);
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail ? `${text}: ${detail}` : text;
}

const clip = (text: string, secret: string) => text.split(secret).join('[redacted]').slice(0, 500);

/** Kept-alive connections per receiver: a backlog of deliveries reuses them rather than connecting per POST. */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** What a receiver answered: only the status matters. */
interface Answer {
  status: number;
  statusText: string;
}

/**
 * One POST over node:http(s) with a kept-alive agent (about three times less CPU per request than fetch).
 * The timeout covers the whole exchange; the answer's body is drained unread, so the connection is reused.
 */
function postOverHttp(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  retried = false,
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error(`unsupported protocol ${target.protocol}`));
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol],
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        response.on('end', () => clearTimeout(timer));
        response.on('error', () => {});
        response.resume();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '' });
      },
    );
    const timer = setTimeout(() => {
      const timeout = new Error(`no answer within ${timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      request.destroy(timeout);
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A kept-alive connection the receiver closed as we reused it: send again once (at least once allows it).
      if (request.reusedSocket && error.code === 'ECONNRESET' && !retried) {
        resolve(postOverHttp(url, headers, body, timeoutMs, true));
        return;
      }
      reject(error);
    });
    request.end(body);
  });
}

/** One POST through an injected fetch (redirects not followed), with the same timeout. */
async function postWithFetch(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Answer> {
  // A plain controller and timer: AbortSignal.timeout() makes a transferable signal, a cost on every POST.
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: abort.signal,
    });
    // The answer's body is never read or kept: only its status matters, and it may echo anything.
    await response.body?.cancel().catch(() => {});
    return { status: response.status, statusText: response.statusText };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * POSTs one delivery, signed, with a timeout: over node:http(s) with kept-alive connections, or through
 * `fetch` when one is given. Redirects are not followed (a 3xx is a failure), so a signed body never goes
 * anywhere but the subscribed URL. Never throws for network failures.
 */
export async function sendWebhook(
  delivery: ClaimedDelivery,
  options: { fetch?: typeof fetch; timeoutMs: number; sentAt: Date },
): Promise<WebhookResponse> {
  const body = webhookBody(delivery);
  const timestamp = Math.floor(options.sentAt.getTime() / 1000);
  const secret = delivery.secret.reveal();
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'crm-bridge-webhooks/1',
    'X-CRM-Bridge-Event': delivery.topic,
    'X-CRM-Bridge-Delivery': delivery.id,
    'X-CRM-Bridge-Timestamp': String(timestamp),
    'X-CRM-Bridge-Signature': signWebhookPayload({ secret, timestamp, body }),
  };
  try {
    const answer = options.fetch
      ? await postWithFetch(options.fetch, delivery.url, headers, body, options.timeoutMs)
      : await postOverHttp(delivery.url, headers, body, options.timeoutMs);
    const ok = answer.status >= 200 && answer.status < 300;
    return {
      ok,
      responseStatus: answer.status,
      error: ok
        ? null
        : clip(`HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`, secret),
    };
  } catch (error) {
    return {
      ok: false,
      responseStatus: null,
      error: clip(describeFailure(error, options.timeoutMs), secret),
    };
  }
}
