/** Spacing of messages on one channel: per chat, and for the whole bot. */
export interface ChannelRate {
  /** Least time between two messages to one chat. */
  perChatMs: number;
  /** Least time between two messages of the whole bot on this channel. */
  overallMs: number;
}

export type ChatRateLimits = Record<'slack' | 'telegram', ChannelRate>;

/**
 * The platforms' limits (bots.md 1.9, 2.6): Telegram about 1 message/s per chat and 30/s in all; Slack
 * chat.postMessage about 1/s per channel (a DM is a channel), workspace-wide several hundred a minute.
 */
export const defaultChatRateLimits: ChatRateLimits = {
  telegram: { perChatMs: 1000, overallMs: 34 },
  slack: { perChatMs: 1000, overallMs: 150 },
};

/**
 * Paces notification sends in this process: each send reserves the next free moment of its chat and of
 * its channel, so senders are called no faster than the limits. The drain asks before it sends; a wait
 * longer than it will hold a lease for puts the notification back in the queue instead. One guard is
 * shared by every drain pass of a process ({@link sharedChatRateGuard}); processes pace separately, and
 * a 429 then still comes back as a retry after the platform's delay.
 */
export class ChatRateGuard {
  private readonly nextFree = new Map<string, number>();

  constructor(
    private readonly limits: ChatRateLimits = defaultChatRateLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /** How long a message to `chat` on `channel` would wait now, without reserving anything. */
  delayFor(channel: 'slack' | 'telegram', chat: string): number {
    return Math.max(0, this.start(channel, chat) - this.clock());
  }

  /** Reserves the next moment for a message to `chat` on `channel` and returns how long to wait for it. */
  reserve(channel: 'slack' | 'telegram', chat: string): number {
    const now = this.clock();
    const start = this.start(channel, chat);
    const rate = this.limits[channel];
    this.nextFree.set(`${channel}:${chat}`, start + rate.perChatMs);
    this.nextFree.set(`${channel}:*`, start + rate.overallMs);
    this.prune(now);
    return Math.max(0, start - now);
  }

  /** Holds a chat until `ms` from now, as a platform's 429 asks. */
  holdChat(channel: 'slack' | 'telegram', chat: string, ms: number): void {
    const key = `${channel}:${chat}`;
    this.nextFree.set(key, Math.max(this.nextFree.get(key) ?? 0, this.clock() + ms));
  }

  private start(channel: 'slack' | 'telegram', chat: string): number {
    return Math.max(
      this.clock(),
      this.nextFree.get(`${channel}:${chat}`) ?? 0,
      this.nextFree.get(`${channel}:*`) ?? 0,
    );
  }

  /** Forgets moments already past, so the map holds only chats written to recently. */
  private prune(now: number): void {
    if (this.nextFree.size < 10_000) return;
    for (const [key, at] of this.nextFree) if (at <= now) this.nextFree.delete(key);
  }
}

/** The guard every drain pass of this process shares unless given its own. */
export const sharedChatRateGuard = new ChatRateGuard();
