import { hash32, saltOf } from '../world/prng';

const TIES = saltOf('timeline:ties');
const GAPS = saltOf('timeline:gaps');

export interface TimelineOptions {
  seed: number;
  count: number;
  /** The last base row's modifiedMs (rounded down to a whole second). */
  endMs: number;
  /** About how long the base rows span. */
  spanMs: number;
  /** Share of timestamp groups that hold 2–5 rows on the same second. */
  tieRate: number;
}

/**
 * The modifiedMs of the generated rows, non-decreasing with id (so the table is already in (modifiedMs, id)
 * order), in whole seconds, with deliberate ties: runs of 2–5 consecutive ids on the same second.
 */
export function baseTimeline(options: TimelineOptions): Float64Array {
  const { seed, count, tieRate } = options;
  const times = new Float64Array(count);
  const groups = Math.max(1, count / (1 + tieRate * 2.5));
  const averageGap = Math.max(1, Math.round(options.spanMs / 1000 / groups));
  let seconds = 0;
  let position = 0;
  let group = 0;
  while (position < count) {
    const h = hash32(seed, group, TIES);
    const size = h / 4294967296 < tieRate ? 2 + (h % 4) : 1;
    if (group > 0) seconds += 1 + (hash32(seed, group, GAPS) % (2 * averageGap - 1));
    for (let k = 0; k < size && position < count; k++) times[position++] = seconds;
    group += 1;
  }
  const startMs = Math.floor(options.endMs / 1000) * 1000 - seconds * 1000;
  for (let i = 0; i < count; i++) times[i] = startMs + times[i]! * 1000;
  return times;
}
