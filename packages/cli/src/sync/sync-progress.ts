import type { ProgressEvent } from '@crm-bridge/sync';
import cliProgress from 'cli-progress';

/**
 * A progress bar per source and stream (records, rate, ETA where the ERP gives a total) on an
 * interactive terminal; elsewhere one line per finished stream, so logs stay readable.
 */
export function createSyncProgress(interactive: boolean) {
  if (!interactive) {
    return { update: (_event: ProgressEvent) => {}, stop: () => {} };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: ' {name} [{bar}] {value}/{total} records · {rate}/s · ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const byStream = new Map<string, cliProgress.SingleBar>();
  return {
    update(event: ProgressEvent) {
      const key = `${event.source}/${event.stream}`;
      const total = event.total ?? Math.max(event.counts.read, 1);
      let bar = byStream.get(key);
      if (!bar) {
        bar = bars.create(total, 0, { name: key.padEnd(24), rate: 0 });
        byStream.set(key, bar);
      }
      const rate = event.elapsedMs > 0 ? Math.round((event.counts.read / event.elapsedMs) * 1000) : 0;
      bar.setTotal(Math.max(total, event.counts.read));
      bar.update(event.counts.read, { rate });
    },
    stop: () => bars.stop(),
  };
}
