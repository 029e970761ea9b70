const UNIT_MS: Record<string, number> = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** The text form of a duration: one or more `<number><unit>` parts, units ms s m h d w (`90s`, `1h30m`). */
export const DURATION_PATTERN = /^(?:\d{1,9}(?:ms|s|m|h|d|w))+$/;

const PART = /(\d{1,9})(ms|s|m|h|d|w)/g;

/**
 * Milliseconds in a duration such as `90s`, `15m`, `2h`, `3d`, `1w`, `250ms` or `1h30m`;
 * undefined when the text is not a duration (a bare number has no unit, so it is not one).
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** The shortest text for a duration in milliseconds (`5400000` → `1h30m`), the inverse of parseDuration. */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0)
    throw new RangeError(`Expected a whole, non-negative number of ms: ${ms}`);
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text;
}
