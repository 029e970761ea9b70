import type { Config, Logger } from '@crm-bridge/core';
import {
  deliverDueReminder,
  deskSettings,
  dormantSweep,
  type ReminderDelivery,
  reminderDueSweep,
  slaSweep,
  type WebhookDrainOptions,
  webhookDrainPass,
} from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';
import type { DutyJob } from './duty-jobs';
import { sharedReminderPeek } from './reminder-peek';
import { sharedSweep } from './shared-sweep';

/** Runs one sync of a source (the CLI's runner: the queue does not know the connectors). */
export type SyncRunner = (
  sourceId: string,
  options: { reconcile: boolean; signal: AbortSignal },
) => Promise<unknown>;

/** What the duties need; everything that reaches outside the store is injected. */
export interface DutyDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** Scheduled syncs; without it sync jobs fail with a clear error. */
  runSync?: SyncRunner;
  /** One pass of the chat notifications (per-platform rates are its business); without it chat jobs do nothing. */
  drainChat?: (now: Date) => Promise<unknown>;
  /** Options of the webhook drain pass (fetch, timeouts, retry and disable rules). */
  webhooks?: Partial<Omit<WebhookDrainOptions, 'log'>>;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/** The duty functions, the same in the worker and in the embedded mode of `serve`. */
export interface Duties {
  run(job: DutyJob, signal: AbortSignal): Promise<unknown>;
  /** Sends every due reminder (the embedded mode's reminder delivery; the worker's safety net). */
  reminderSweep(): Promise<{ sent: number }>;
  deliverReminder(reminderId: string, version: number): Promise<ReminderDelivery>;
  readonly now: () => Date;
}

/** Webhook deliveries claimed per pass; a full pass goes again at once. */
const WEBHOOK_BATCH = 200;

export function createDuties(deps: DutyDeps): Duties {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const settings = deskSettings(deps.config);
  const peek = sharedReminderPeek(db);
  const sweepDue = sharedSweep(() => reminderDueSweep(db, now()));

  /**
   * A reminder job: stale ones end after a shared look at their row; for a live one the process's shared
   * sweep sends every due reminder no one holds (one transaction per batch, however many jobs are due), and
   * only a reminder still pending after it (held by a writer, not due yet) takes its own transaction.
   */
  async function deliverReminder(reminderId: string, version: number): Promise<ReminderDelivery> {
    let seen = await peek(reminderId);
    if (seen?.version === version && seen.status === 'pending') {
      await sweepDue();
      seen = await peek(reminderId);
    }
    return deliverDueReminder(db, reminderId, version, now(), { peek: async () => seen });
  }
  const webhookPass = webhookDrainPass(db, {
    batchSize: WEBHOOK_BATCH,
    ...deps.webhooks,
    now,
    log: log.child({ component: 'webhooks' }),
  });

  async function drainWebhooks(signal: AbortSignal) {
    const total = { fannedOut: 0, delivered: 0, failed: 0 };
    // Bounded by the data: stop at the first pass that had less than a full batch.
    for (;;) {
      const pass = await webhookPass();
      total.fannedOut += pass.fannedOut;
      total.delivered += pass.delivered;
      total.failed += pass.failed;
      const batch = deps.webhooks?.batchSize ?? WEBHOOK_BATCH;
      if (signal.aborted || (pass.claimed < batch && pass.fannedOut < batch)) return total;
    }
  }

  const duties: Duties = {
    now,
    async run(job, signal) {
      switch (job.duty) {
        case 'sync':
          if (!deps.runSync) throw new Error('no sync runner in this process');
          return deps.runSync(job.source, { reconcile: job.mode === 'reconcile', signal });
        case 'reminder':
          return duties.deliverReminder(job.reminderId, job.version);
        case 'sla':
          return slaSweep(db, now());
        case 'dormant':
          return dormantSweep(db, settings, now());
        case 'webhooks':
          return drainWebhooks(signal);
        case 'chat':
          return deps.drainChat ? deps.drainChat(now()) : { skipped: 'no chat drain configured' };
      }
    },
    reminderSweep: () => reminderDueSweep(db, now()),
    deliverReminder,
  };
  return duties;
}
