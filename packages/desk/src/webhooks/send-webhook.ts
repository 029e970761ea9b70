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

/**
 * POSTs one delivery, signed, with a timeout. Redirects are not followed (a 3xx is a failure), so a
 * signed body never goes anywhere but the subscribed URL. Never throws for network failures.
 */
export async function sendWebhook(
  delivery: ClaimedDelivery,
  options: { fetch: typeof fetch; timeoutMs: number; sentAt: Date },
): Promise<WebhookResponse> {
  const body = webhookBody(delivery);
  const timestamp = Math.floor(options.sentAt.getTime() / 1000);
  const secret = delivery.secret.reveal();
  try {
    const response = await options.fetch(delivery.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'crm-bridge-webhooks/1',
        'X-CRM-Bridge-Event': delivery.topic,
        'X-CRM-Bridge-Delivery': delivery.id,
        'X-CRM-Bridge-Timestamp': String(timestamp),
        'X-CRM-Bridge-Signature': signWebhookPayload({ secret, timestamp, body }),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // The answer's body is never read or kept: only its status matters, and it may echo anything.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      responseStatus: response.status,
      error: ok
        ? null
        : clip(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, secret),
    };
  } catch (error) {
    return {
      ok: false,
      responseStatus: null,
      error: clip(describeFailure(error, options.timeoutMs), secret),
    };
  }
}
