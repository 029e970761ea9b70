import { type ReminderState, reminderStates } from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';

interface Waiter {
  resolve(state: ReminderState | undefined): void;
  reject(error: unknown): void;
}

/**
 * The first look each reminder job takes at its row, shared: the looks asked for while one query runs go
 * together in the next, so a worker running many jobs at once costs a query per batch, not per job.
 */
export function sharedReminderPeek(db: Db): (id: string) => Promise<ReminderState | undefined> {
  let waiting = new Map<string, Waiter[]>();
  let running = false;

  async function flush(): Promise<void> {
    running = true;
    while (waiting.size > 0) {
      const batch = waiting;
      waiting = new Map();
      try {
        const states = await reminderStates(db, [...batch.keys()]);
        for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(states.get(id));
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    running = false;
  }

  return (id) =>
    new Promise((resolve, reject) => {
      const waiters = waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else waiting.set(id, [{ resolve, reject }]);
      // The looks asked for in this turn of the event loop go in the first query.
      if (!running) {
        running = true;
        setImmediate(() => void flush());
      }
    });
}
