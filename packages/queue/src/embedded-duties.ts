import type { Logger } from '@crm-bridge/core';
import { CronExpressionParser } from 'cron-parser';
import type { Duties } from './duties';
import type { Repeat, ScheduledDuty } from './duty-schedules';

export interface EmbeddedDutiesOptions {
  duties: Duties;
  schedules: readonly ScheduledDuty[];
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How often due reminders are sent. @defaultValue 1000 */
  reminderEveryMs?: number;
}

export interface EmbeddedDuties {
  /** Stops the timers, aborts sync runs (after their page) and waits up to `graceMs` for duties running. */
  stop(graceMs?: number): Promise<void>;
}

/** Milliseconds from `now` to the next run. */
export function nextDelay(repeat: Repeat, now: Date): number {
  if ('every' in repeat) return repeat.every;
  const next = CronExpressionParser.parse(repeat.pattern, { currentDate: now, tz: repeat.tz }).next();
  return Math.max(0, next.getTime() - now.getTime());
}

/**
 * The duties on in-process timers, for a single `crm-bridge serve` without Redis: the same duty functions
 * the worker runs, each duty one run at a time; a failed run is logged and the next one retries it.
 */
export function startEmbeddedDuties(options: EmbeddedDutiesOptions): EmbeddedDuties {
  const { duties, log } = options;
  const abort = new AbortController();
  const running = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function loop(name: string, delay: () => number, run: () => Promise<unknown>): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const pass = run()
        .catch((error: unknown) => log.error({ err: error, duty: name }, 'duty failed; the next run retries'))
        .finally(() => {
          running.delete(pass);
          loop(name, delay, run);
        });
      running.add(pass);
    }, delay());
    timers.add(timer);
  }

  for (const schedule of options.schedules) {
    loop(
      schedule.id,
      () => nextDelay(schedule.repeat, duties.now()),
      () => duties.run(schedule.job, abort.signal),
    );
  }
  loop(
    'reminders',
    () => options.reminderEveryMs ?? 1000,
    () => duties.reminderSweep(),
  );

  return {
    async stop(graceMs = 30_000) {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
