/** `(a) and (b)` for the `$filter` expressions that are set; null when none is. */
export function andFilters(...filters: (string | null | undefined)[]): string | null {
  const set = filters.filter(
    (filter): filter is string => typeof filter === 'string' && filter.trim() !== '',
  );
  if (set.length === 0) return null;
  if (set.length === 1) return set[0]!;
  return set.map((filter) => `(${filter})`).join(' and ');
}
