/** Odoo datetimes: UTC, naive, "YYYY-MM-DD HH:MM:SS" (1.4), to and from ISO 8601 UTC. */

const ODOO_DATETIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** "2024-05-01 10:00:07" → "2024-05-01T10:00:07Z"; anything else (false, garbage) → null. */
export function odooToIso(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = ODOO_DATETIME.exec(value);
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let lastDay = Number.NaN;
let lastDate = '';

/** Epoch ms → "YYYY-MM-DD HH:MM:SS", truncated to the second (what RPC shows). Sandboxes call it per row. */
export function msToOdoo(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${lastDate} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[seconds % 60]}`;
}

/** ISO instant → Odoo datetime, truncated to the second, so a `>=` bound never excludes its own second. */
export function isoToOdoo(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return msToOdoo(ms);
}

/** The Odoo datetime one second later. */
export function nextSecond(odoo: string): string {
  return msToOdoo(Date.parse(`${odoo.replace(' ', 'T')}Z`) + 1000);
}

/** The whole second an Odoo datetime names, or null when the value is not one. */
export function secondOf(value: unknown): string | null {
  return typeof value === 'string' && ODOO_DATETIME.test(value) ? value : null;
}
