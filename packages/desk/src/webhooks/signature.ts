import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature scheme version; a future scheme gets `v2=` and both may be sent side by side. */
const scheme = 'v1';

/** What a signature covers: the timestamp header and the raw body, exactly as sent. */
export interface WebhookSignatureInput {
  secret: string;
  /** Unix seconds, as in the `X-CRM-Bridge-Timestamp` header. */
  timestamp: number | string;
  /** The raw request body; re-serialised JSON will not verify. */
  body: string | Uint8Array;
}

function hmacHex({ secret, timestamp, body }: WebhookSignatureInput): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `X-CRM-Bridge-Signature` value: `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. */
export function signWebhookPayload(input: WebhookSignatureInput): string {
  return `${scheme}=${hmacHex(input)}`;
}

export interface VerifyWebhookSignatureInput extends WebhookSignatureInput {
  /** The `X-CRM-Bridge-Signature` header; several comma-separated `v1=` values are accepted. */
  signature: string;
  /** How far the timestamp may be from `now`, either way, before the request counts as replayed. @defaultValue 300 */
  toleranceSeconds?: number;
  /** @defaultValue the current time */
  now?: Date;
}

/**
 * For receivers (and tests): true when the signature matches the secret, timestamp and raw body and the
 * timestamp is within the tolerance. Compares in constant time.
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): boolean {
  const timestamp = String(input.timestamp);
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmacHex({ secret: input.secret, timestamp, body: input.body }), 'hex');
  let valid = false;
  for (const part of input.signature.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name !== scheme || !value || !/^[0-9a-f]{64}$/i.test(value)) continue;
    // Every candidate is compared, so the time taken does not reveal which one matched.
    if (timingSafeEqual(expected, Buffer.from(value, 'hex'))) valid = true;
  }
  return valid;
}
