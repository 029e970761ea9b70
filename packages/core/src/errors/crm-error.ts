/**
 * The error classes every package throws, grouped by what to do next (STYLE.md §5).
 * `code` is a stable string for programs; `message` is for people and never holds a secret.
 */

/** What the caller should do about an error. */
export type Recovery = 'fix_config' | 'retry' | 'retry_later' | 'relogin' | 'quarantine' | 'none';

export interface CrmErrorOptions {
  cause?: unknown;
  /** Structured, secret-free details (a YAML path, a record id, a zod issue list). */
  details?: Record<string, unknown>;
}

/** Base class: a coded, recoverable-or-not error. */
export class CrmError extends Error {
  readonly code: string;
  readonly recovery: Recovery;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, recovery: Recovery, options: CrmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.recovery = recovery;
    this.details = options.details;
  }
}

/** Fix the config or the credentials; retrying will not help. */
export class ConfigError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'config.invalid', message, 'fix_config', options);
  }
}

/** A passing failure (timeout, 5xx, dropped connection): retry with backoff. */
export class TransientError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'transient', message, 'retry', options);
  }
}

/** The remote side asked us to slow down: retry after `retryAfterMs` (when it said). */
export class RateLimitedError extends CrmError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: CrmErrorOptions & { code?: string; retryAfterMs?: number } = {}) {
    super(options.code ?? 'sync.rate_limited', message, 'retry_later', options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The ERP session or token expired: log in again once and replay the request. */
export class SessionExpiredError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'sync.session_expired', message, 'relogin', options);
  }
}

/** One ERP record cannot be used: quarantine it with this reason and go on. */
export class InvalidRecordError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'sync.invalid_record', message, 'quarantine', options);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'not_found', message, 'none', options);
  }
}

/** The actor's role does not allow this. */
export class ForbiddenError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'forbidden', message, 'none', options);
  }
}

/** The request collides with the current state (a duplicate, a stale version). */
export class ConflictError extends CrmError {
  constructor(message: string, options: CrmErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'conflict', message, 'none', options);
  }
}

/** Turns anything thrown into a CrmError at an edge, keeping the original as `cause`. */
export function asCrmError(error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CrmError('internal', message, 'none', { cause: error });
}
