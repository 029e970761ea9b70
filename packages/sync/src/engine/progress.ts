import type { StreamName } from '@crm-bridge/core';
import type { SyncCounts } from '@crm-bridge/store';

/** Told after every committed page, so a command can draw progress. */
export interface ProgressEvent {
  source: string;
  stream: StreamName;
  phase: 'read' | 'reconcile';
  counts: SyncCounts;
  /** Records in the whole read when the ERP says so (for an ETA). */
  total: number | undefined;
  elapsedMs: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Adds `more` into `into`. */
export function addCounts(into: SyncCounts, more: SyncCounts): void {
  for (const key of Object.keys(into) as (keyof SyncCounts)[]) into[key] += more[key];
}
