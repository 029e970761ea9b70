/** Human ticket numbers: the tickets.number identity shown as `T-1042`. */

const NUMBER = /^T-(\d{1,15})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `1042` → `T-1042`. */
export function formatTicketNumber(number: number): string {
  return `T-${number}`;
}

/** `T-1042` (any case) → 1042; null for anything else. */
export function parseTicketNumber(text: string): number | null {
  const match = NUMBER.exec(text.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** How a ticket is named by a caller: its id or its human number. */
export type TicketKey = { id: string } | { number: number };

/** Reads a ticket reference (a uuid or `T-1042`); null when it is neither. */
export function ticketKey(ref: string): TicketKey | null {
  const trimmed = ref.trim();
  if (UUID.test(trimmed)) return { id: trimmed.toLowerCase() };
  const number = parseTicketNumber(trimmed);
  return number === null ? null : { number };
}
