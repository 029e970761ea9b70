/**
 * Forms in progress, one per chat and user, kept in this process's memory with a time to live. A restart or
 * a second webhook replica loses a half-filled form (the user starts it again): documented in the README.
 */
import type { ChatForm } from '@crm-bridge/bot-core';
import type { TelegramLanguage } from './telegram-texts';

export interface FormSession {
  form: ChatForm;
  /** The field being asked. */
  index: number;
  values: Record<string, string>;
  /** The choices offered for the current field (select options or customer hits), picked by index. */
  choices: Array<{ value: string; label: string }>;
  language: TelegramLanguage;
  expiresAt: number;
}

export interface FormSessionsOptions {
  /** Default 15 minutes. */
  ttlMs?: number;
  /** Default 10,000 forms; the oldest is dropped beyond it. */
  max?: number;
  now?: () => number;
}

export class FormSessions {
  private readonly sessions = new Map<string, FormSession>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: FormSessionsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.max = options.max ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  static key(chatId: number, userId: number): string {
    return `${chatId}:${userId}`;
  }

  /** The live form of a chat and user; an expired one is forgotten. */
  get(key: string): FormSession | undefined {
    const session = this.sessions.get(key);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  start(key: string, form: ChatForm, language: TelegramLanguage): FormSession {
    this.sessions.delete(key);
    if (this.sessions.size >= this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session: FormSession = { form, index: 0, values: {}, choices: [], language, expiresAt: 0 };
    this.touch(session);
    this.sessions.set(key, session);
    return session;
  }

  /** Extends the life of a form the user is still filling in. */
  touch(session: FormSession): void {
    session.expiresAt = this.now() + this.ttlMs;
  }

  delete(key: string): void {
    this.sessions.delete(key);
  }

  get size(): number {
    return this.sessions.size;
  }
}
