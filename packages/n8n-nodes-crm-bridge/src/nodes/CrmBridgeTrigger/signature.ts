import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's timestamp may be from our clock, either way, before it counts as replayed. */
export const TOLERANCE_SECONDS = 300;

export interface Delivery {
  secret: string;
  /** `X-CRM-Bridge-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** `X-CRM-Bridge-Signature`: one or more comma-separated `v1=<hex>`. */
  signature: string | undefined;
  /** The raw request body, exactly as sent. */
  rawBody: Buffer | string;
  /** Now, in ms since the epoch. */
  nowMs: number;
}

/** Why a delivery is refused, or null when its signature and timestamp are good (see docs/webhooks.md). */
export function deliveryRefusal(delivery: Delivery): string | null {
  const timestamp = String(delivery.timestamp ?? '');
  if (!/^\d{1,12}$/.test(timestamp)) return 'missing or malformed X-CRM-Bridge-Timestamp';
  if (Math.abs(delivery.nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return 'stale timestamp';
  const expected = createHmac('sha256', delivery.secret)
    .update(`${timestamp}.`)
    .update(delivery.rawBody)
    .digest();
  let valid = false;
  for (const part of String(delivery.signature ?? '').split(',')) {
    const [scheme, hex] = part.trim().split('=', 2);
    if (scheme !== 'v1' || !hex || !/^[0-9a-f]{64}$/i.test(hex)) continue;
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (timingSafeEqual(expected, Buffer.from(hex, 'hex'))) valid = true;
  }
  return valid ? null : 'bad signature';
}
