/** When a failed send (a network error, a 5xx, an exception) is tried again, and when to give up. */
export interface ChatRetryPolicy {
  /**
   * Delay before retry n (index n-1), in milliseconds; past the end the last delay repeats.
   * @defaultValue 30 s, 2 min, 10 min, 1 h, 6 h
   */
  delaysMs: readonly number[];
  /** Attempts in all (429 answers included) after which an error fails the notification. @defaultValue 10 */
  maxAttempts: number;
}

const MINUTE = 60_000;

export const defaultChatRetryPolicy: ChatRetryPolicy = {
  delaysMs: [30_000, 2 * MINUTE, 10 * MINUTE, 60 * MINUTE, 360 * MINUTE],
  maxAttempts: 10,
};

/** How long to wait after attempt `attempt` (1 for the first try) failed, or null when it was the last. */
export function chatRetryDelay(policy: ChatRetryPolicy, attempt: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const index = Math.min(Math.max(attempt, 1), policy.delaysMs.length) - 1;
  return policy.delaysMs[index] ?? 0;
}

const SECRETS = [
  // Telegram bot tokens (123456:AA…), also inside https://api.telegram.org/bot<token>/method.
  /\d{5,}:[A-Za-z0-9_-]{20,}/g,
  // Slack tokens.
  /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g,
  /\bBearer\s+\S+/gi,
];

/** An error as a reason to store and log: its message with tokens blanked, at most 300 characters. */
export function failureReason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const clean = SECRETS.reduce((message, pattern) => message.replace(pattern, '[redacted]'), text);
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}
