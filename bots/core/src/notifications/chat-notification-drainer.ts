import type { Db } from '@crm-bridge/store';
import {
  type ChatDrainResult,
  type ChatNotificationDeps,
  drainChatNotifications,
} from './drain-chat-notifications';

export interface ChatNotificationDrainerOptions extends ChatNotificationDeps {
  /** Pause between passes when there was no full batch of work. @defaultValue 1000 */
  intervalMs?: number;
  /** Stops the drainer when aborted (like `stop()`). */
  signal?: AbortSignal;
}

export interface ChatNotificationDrainer {
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
  /** Runs one pass now (after any pass in progress). */
  drainOnce(): Promise<ChatDrainResult>;
}

/**
 * Starts delivering chat notifications in a loop of {@link drainChatNotifications} passes. Safe to run in
 * several processes at once. The first pass runs after `intervalMs`; a full batch goes again at once.
 */
export function startChatNotificationDrainer(
  db: Db,
  options: ChatNotificationDrainerOptions,
): ChatNotificationDrainer {
  const { log, intervalMs = 1000, signal, ...deps } = options;
  const batchSize = options.batchSize ?? 50;

  let tail: Promise<unknown> = Promise.resolve();
  function serial(): Promise<ChatDrainResult> {
    const run = tail.then(() => drainChatNotifications(db, { ...deps, log, batchSize }));
    tail = run.catch(() => {});
    return run;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule(delayMs: number): void {
    if (!stopped) timer = setTimeout(tick, delayMs);
  }
  async function tick(): Promise<void> {
    try {
      const result = await serial();
      // A full batch means more is waiting: go again at once (bounded by the data, not by a loop count).
      schedule(result.published === batchSize || result.claimed === batchSize ? 0 : intervalMs);
    } catch (error) {
      log.error({ err: error }, 'chat notification pass failed; will try again');
      schedule(intervalMs);
    }
  }

  async function stop(): Promise<void> {
    stopped = true;
    if (timer) clearTimeout(timer);
    await tail;
  }

  if (signal?.aborted) stopped = true;
  signal?.addEventListener('abort', () => void stop(), { once: true });
  schedule(intervalMs);

  return { stop, drainOnce: serial };
}
