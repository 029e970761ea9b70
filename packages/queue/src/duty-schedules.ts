import type { Config, Schedule } from '@crm-bridge/core';
import type { DutyJob } from './duty-jobs';

/** How often a recurring duty runs: every fixed interval, or on a cron pattern in a time zone. */
export type Repeat = { every: number } | { pattern: string; tz: string };

/** One recurring duty: a job scheduler in the worker, a timer in the embedded mode. */
export interface ScheduledDuty {
  /** The scheduler id: stable, so upserting it again after a config change updates it. */
  id: string;
  job: DutyJob;
  repeat: Repeat;
}

/** How often the desk's sweeps and the outbox drains run. */
export interface DutyIntervals {
  /** @defaultValue 60000 */
  slaMs: number;
  /** @defaultValue one hour */
  dormantMs: number;
  /** @defaultValue 1000 */
  webhooksMs: number;
  /** @defaultValue 1000 */
  chatMs: number;
}

export const defaultDutyIntervals: DutyIntervals = {
  slaMs: 60_000,
  dormantMs: 3_600_000,
  webhooksMs: 1000,
  chatMs: 1000,
};

function repeatOf(schedule: Schedule, tz: string): Repeat {
  return schedule.kind === 'interval' ? { every: schedule.everyMs } : { pattern: schedule.expression, tz };
}

/**
 * Every recurring duty the config asks for: an incremental and a reconcile sync per enabled source (its
 * schedule, cron in the source's time zone), the SLA watch, the dormant sweep and the two outbox drains.
 */
export function dutySchedules(
  config: Config,
  intervals: Partial<DutyIntervals> = {},
  options: { chat?: boolean } = {},
): ScheduledDuty[] {
  const every = { ...defaultDutyIntervals, ...intervals };
  const syncs = config.sources
    .filter((source) => source.enabled)
    .flatMap((source): ScheduledDuty[] => {
      const tz = source.timezone;
      return (['incremental', 'reconcile'] as const).map((mode) => ({
        id: `sync-${source.id}-${mode}`,
        job: { duty: 'sync', source: source.id, mode },
        repeat: repeatOf(source.schedule[mode], tz),
      }));
    });
  return [
    ...syncs,
    { id: 'sla-watch', job: { duty: 'sla' }, repeat: { every: every.slaMs } },
    { id: 'dormant-sweep', job: { duty: 'dormant' }, repeat: { every: every.dormantMs } },
    { id: 'webhook-drain', job: { duty: 'webhooks' }, repeat: { every: every.webhooksMs } },
    ...(options.chat === false
      ? []
      : [{ id: 'chat-drain', job: { duty: 'chat' } as const, repeat: { every: every.chatMs } }]),
  ];
}
