import { Timestamp } from '@crm-bridge/core';
import { z } from 'zod';
import type { PageToken } from '../kit/connector';

/** A position on a `modified` stream: the last record's modified-at (ISO UTC) and id. */
export interface Watermark {
  modifiedAt: string;
  id: string;
}

/**
 * What sync_cursors holds for one stream. `watermark` is where the last finished read got to; `resume`
 * is a read in progress, saved with every committed page so a crash continues from the next page.
 */
export interface CursorState {
  watermark: Watermark | null;
  resume: {
    since: string | null;
    token: PageToken | null;
    maxSeen: Watermark | null;
    /** When the read began (ISO): a resumed read keeps capping positions at it. */
    readStartedAt?: string;
  } | null;
}

export const emptyCursor: CursorState = { watermark: null, resume: null };

const StoredWatermark = z.object({ modifiedAt: Timestamp, id: z.string() });
const StoredCursor = z.object({
  watermark: StoredWatermark.nullable().default(null),
  resume: z
    .object({
      since: Timestamp.nullable(),
      token: z.custom<PageToken>((token) => token !== undefined),
      maxSeen: StoredWatermark.nullable(),
      readStartedAt: Timestamp.optional(),
    })
    .nullable()
    .default(null),
});

/** Reads a stored cursor defensively: anything unrecognised starts the stream over. */
export function parseCursorState(value: unknown): CursorState {
  const parsed = StoredCursor.safeParse(value);
  return parsed.success ? (parsed.data as CursorState) : emptyCursor;
}

/** The later of two positions, ordered by (modified-at, id). */
export function laterOf(a: Watermark | null, b: Watermark | null): Watermark | null {
  // A position without a readable time never wins: it would poison every later read's start.
  if (!a || !Number.isFinite(Date.parse(a.modifiedAt)))
    return b && Number.isFinite(Date.parse(b.modifiedAt)) ? b : null;
  if (!b || !Number.isFinite(Date.parse(b.modifiedAt))) return a;
  const byTime = Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt);
  if (byTime !== 0) return byTime > 0 ? a : b;
  return a.id >= b.id ? a : b;
}

/**
 * A record's position, capped at the run's start: a record changed after the run began may sit
 * behind rows this read has not reached yet, so the cursor never passes the start (the "signpost").
 */
export function cappedPosition(modifiedAt: string, id: string, runStartedAt: Date): Watermark {
  const at = Date.parse(modifiedAt);
  if (Number.isFinite(at) && at > runStartedAt.getTime())
    return { modifiedAt: runStartedAt.toISOString(), id: '' };
  return { modifiedAt, id };
}

/** Where an incremental read starts: the watermark moved back by the overlap window, or null for everything. */
export function sinceFor(watermark: Watermark | null, overlapMs: number): string | null {
  if (!watermark) return null;
  return new Date(Date.parse(watermark.modifiedAt) - overlapMs).toISOString();
}
