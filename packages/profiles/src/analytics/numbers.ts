export const DAY_MS = 86_400_000;

/** Days (fractional) from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string | Date, to: string | Date): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / DAY_MS;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Money is kept to four decimals, as the store's numeric(20,4) does; this also removes float noise. */
export function roundMoney(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
