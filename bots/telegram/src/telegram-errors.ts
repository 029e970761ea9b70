/** How a failed Bot API call is treated: Telegram's answers mapped onto what to do next. */
import { NetworkError, TelegramApiError, TimeoutError } from 'node-telegram-bot-api';

export type TelegramFailure =
  /** 403: blocked by the user, user deactivated, or never pressed Start. Never retried. */
  | { kind: 'forbidden'; reason: string }
  /** 429: wait this long. */
  | { kind: 'rate_limited'; afterMs: number; reason: string }
  /** 400 and other 4xx: the request itself is wrong. Never retried. */
  | { kind: 'rejected'; reason: string }
  /** Network, timeout or 5xx: may work later. */
  | { kind: 'transient'; reason: string };

/** Telegram's answer to an edit that changes nothing: the message already shows what we want. */
export function isNotModified(error: unknown): boolean {
  return (
    error instanceof TelegramApiError &&
    error.errorCode === 400 &&
    /message is not modified/i.test(error.description)
  );
}

/** The failure class of an error thrown by the library (never includes the token: descriptions only). */
export function classifyTelegramError(error: unknown): TelegramFailure {
  if (error instanceof TelegramApiError) {
    const reason = `${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429)
      return { kind: 'rate_limited', afterMs: (error.retryAfter ?? 1) * 1000, reason };
    if (error.errorCode === 403) return { kind: 'forbidden', reason };
    if (error.errorCode >= 500) return { kind: 'transient', reason };
    return { kind: 'rejected', reason };
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return { kind: 'transient', reason: error.message };
  }
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
