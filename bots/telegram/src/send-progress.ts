/**
 * Where the sends the notification drain will retry got to. The drain retries a whole view (a 429 on page 2
 * of 3 comes back as `retry`); keeping the progress of that view, by chat and content, lets the next attempt
 * start after the pages already in the chat. In memory and bounded: after a restart, or on another worker,
 * the view is sent whole again (at least once, never lost).
 */
import { createHash } from 'node:crypto';
import type { ChatView } from '@crm-bridge/bot-core';
import type { ViewProgress } from './telegram-messenger';

export interface SendProgressOptions {
  /** Views remembered at most (the oldest is dropped). Default 1,000. */
  maxEntries?: number;
  /** How long a part-sent view is remembered. Default 24 h. */
  ttlMs?: number;
  now?: () => number;
}

export class SendProgress {
  private readonly entries = new Map<string, { progress: ViewProgress; at: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: SendProgressOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** The key of one view to one place ("send:<chat>", "edit:<chat>:<message>"): a changed view starts over. */
  static key(target: string, view: ChatView): string {
    return `${target}:${createHash('sha256').update(JSON.stringify(view)).digest('base64url')}`;
  }

  /** The progress so far (empty when none, or when it is too old). */
  get(key: string): ViewProgress {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.at > this.ttlMs) return { done: [] };
    return { done: [...entry.progress.done] };
  }

  /** Remembers a part-done view for its retry; nothing done yet is nothing to remember. */
  keep(key: string, progress: ViewProgress): void {
    this.entries.delete(key);
    if (progress.done.length === 0) return;
    this.entries.set(key, { progress: { done: [...progress.done] }, at: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
