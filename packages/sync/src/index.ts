export * from './engine/cursor-state';
export * from './engine/progress';
export * from './engine/reconcile';
export {
  DEFAULT_OVERLAP_MS,
  type SourceSyncOptions,
  type SourceSyncResult,
  syncSource,
} from './engine/source-sync';
export type { AfterPage, StreamSyncResult } from './engine/stream-sync';
export * from './http/create-http-client';
export {
  defaultErrorTable,
  describeFailure,
  HttpErrorCode,
  mapFailure,
  parseRetryAfter,
} from './http/default-errors';
export * from './http/http-client';
export * from './http/jsonrpc';
export * from './http/odata';
export { RateLimiter, type RateLimiterOptions } from './http/rate-limiter';
export { bodyExcerpt, safeUrl } from './http/redact';
export { abortableSleep, type RetryOptions, withRetry } from './http/retry';
export { Semaphore } from './http/semaphore';
export * from './kit/connector';
