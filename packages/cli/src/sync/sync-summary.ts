import type { SourceSyncResult } from '@crm-bridge/sync';
import { formatTable } from '../format-table';

/** The table printed after a sync: one row per source and stream, then any errors in full. */
export function renderSyncSummary(results: readonly SourceSyncResult[], dryRun: boolean): string {
  const rows: (string | number)[][] = [];
  const errors: string[] = [];
  for (const result of results) {
    if (result.error) {
      rows.push([result.source, '-', 'failed', 0, 0, 0, 0, 0, 0, '-', '-']);
      errors.push(`${result.source}: ${result.error}`);
    }
    for (const stream of result.streams) {
      const seconds = stream.durationMs / 1000;
      const c = stream.counts;
      const deleted = result.reconciled.find((r) => r.stream === stream.stream)?.deleted ?? 0;
      rows.push([
        result.source,
        stream.stream,
        stream.status,
        c.read,
        c.inserted,
        c.updated,
        c.unchanged,
        c.quarantined,
        deleted,
        `${seconds.toFixed(1)}s`,
        seconds > 0 ? `${Math.round(c.read / seconds)}/s` : '-',
      ]);
      if (stream.error) errors.push(`${result.source}/${stream.stream}: ${stream.error}`);
    }
    for (const reconciled of result.reconciled) {
      if (reconciled.error)
        errors.push(`${result.source}/${reconciled.stream} reconcile: ${reconciled.error}`);
    }
  }
  const header = [
    'source',
    'stream',
    'status',
    'read',
    dryRun ? 'would insert' : 'inserted',
    dryRun ? 'would update' : 'updated',
    'unchanged',
    'quarantined',
    'deleted',
    'time',
    'rate',
  ];
  const table = rows.length ? formatTable(header, rows) : 'no sources to sync';
  return errors.length ? `${table}\n\nerrors:\n${errors.map((e) => `  ${e}`).join('\n')}` : table;
}
