import { inspect } from 'node:util';
import { z } from 'zod';

/** What a secret prints as, wherever it is printed. */
export const REDACTED = '[redacted]';

/**
 * A secret string from the config (a password, a token, a URL with credentials).
 * Printing, logging, `JSON.stringify` and `util.inspect` all show `[redacted]`; only `reveal()` gives the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself: call it only where the secret is used (an Authorization header, a connect call). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * A secret config field: validated as text by `text` (non-empty by default), then wrapped in a Secret.
 * `writeOnly` marks it in the JSON Schema; validation messages never include the value.
 */
export function secret(description: string, text: z.ZodType<string, string> = z.string().min(1)) {
  return text.transform((value) => new Secret(value)).meta({ writeOnly: true, description });
}

/** `T` with every Secret replaced by the `[redacted]` marker: what a printed config looks like. */
export type Redacted<T> = T extends Secret
  ? typeof REDACTED
  : T extends readonly (infer U)[]
    ? Redacted<U>[]
    : T extends object
      ? { [K in keyof T]: Redacted<T[K]> }
      : T;

/** A plain, JSON-able copy of a parsed config with every secret replaced by `[redacted]`, for printing. */
export function redactedConfig<T>(config: T): Redacted<T> {
  return redact(config) as Redacted<T>;
}

function redact(value: unknown): unknown {
  if (value instanceof Secret) return REDACTED;
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item)]));
  }
  return value;
}
