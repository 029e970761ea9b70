/**
 * Webhook updates handled after the HTTP answer: Telegram gets its 200 at once (a slow answer makes it
 * redeliver), while the updates of one chat still run one after another, in order. Telegram delivers at
 * least once, so an update id seen recently is dropped. Bounded: beyond `maxPending` updates in flight the
 * queue refuses (the webhook answers 503 and Telegram delivers again later).
 */
import type { Update } from 'node-telegram-bot-api';

export type ReceiveResult = 'queued' | 'duplicate' | 'busy';

export interface UpdateQueueOptions {
  /** Default 5,000. */
  maxPending?: number;
  /** How many recent update ids are remembered for deduplication. Default 10,000. */
  remember?: number;
}

export class UpdateQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly seen = new Set<number>();
  private pending = 0;
  private readonly maxPending: number;
  private readonly remember: number;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly handle: (update: Update) => Promise<void>,
    options: UpdateQueueOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 5_000;
    this.remember = options.remember ?? 10_000;
  }

  /** Takes an update for handling; never throws (the handler's errors go to its own boundary). */
  receive(update: Update): ReceiveResult {
    if (this.seen.has(update.update_id)) return 'duplicate';
    if (this.pending >= this.maxPending) return 'busy';
    this.seen.add(update.update_id);
    if (this.seen.size > this.remember) this.seen.delete(this.seen.values().next().value!);
    const key = chatKey(update);
    this.pending += 1;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.handle(update))
      .catch(() => undefined)
      .finally(() => {
        this.pending -= 1;
        if (this.chains.get(key) === next) this.chains.delete(key);
        if (this.pending === 0) this.wake();
      });
    this.chains.set(key, next);
    return 'queued';
  }

  /** Resolves once every received update has been handled (for shutdown and tests). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** The chat an update belongs to (its ordering key). */
function chatKey(update: Update): string {
  if ('message' in update) return `c${update.message.chat.id}`;
  if ('edited_message' in update) return `c${update.edited_message.chat.id}`;
  if ('callback_query' in update) {
    const query = update.callback_query;
    return query.message ? `c${query.message.chat.id}` : `u${query.from.id}`;
  }
  if ('my_chat_member' in update) return `c${update.my_chat_member.chat.id}`;
  return 'other';
}
