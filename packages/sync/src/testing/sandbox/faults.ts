import { hash32, saltOf } from '../world/prng';

/** Which faults a sandbox injects. Request rates are shares of requests; malformedRate is a share of records. */
export interface FaultPlan {
  /** 5xx (502/503/504) with an HTML body, as a reverse proxy answers. @defaultValue 0 */
  serverErrorRate?: number;
  /** 429, with Retry-After in seconds on most of them (some come without the header). @defaultValue 0 */
  rateLimitRate?: number;
  /** Every n-th request finds its session expired (the sandbox answers its ERP's way). */
  sessionExpiryEveryRequests?: number;
  /** Share of requests answered late. @defaultValue 0 */
  slowRate?: number;
  /** @defaultValue 1500 */
  slowMs?: number;
  /** Delay before the very first answer (a cold ERP). @defaultValue 0 */
  slowFirstMs?: number;
  /** Share of 200 responses cut off mid-body. @defaultValue 0 */
  truncateRate?: number;
  /** Share of records served malformed; the same records every read. @defaultValue 0 */
  malformedRate?: number;
  /** @defaultValue 1 */
  seed?: number;
}

/** What to do with one request, decided before the sandbox answers it. */
export type FaultAction =
  | { kind: 'server-error'; status: 502 | 503 | 504 }
  | { kind: 'rate-limit'; status: 429; retryAfterSeconds: number | null }
  | { kind: 'session-expired' }
  /** Answer normally after waiting. */
  | { kind: 'slow'; delayMs: number }
  /** Answer normally but cut the body short (use `sendJson(res, status, body, { truncate: true })`). */
  | { kind: 'truncate' };

export interface FaultCounters {
  requests: number;
  serverErrors: number;
  rateLimits: number;
  rateLimitsWithoutRetryAfter: number;
  sessionExpiries: number;
  slow: number;
  truncated: number;
}

export interface FaultRequestInfo {
  method?: string | undefined;
  url?: string | undefined;
}

export interface Faults {
  /** Decides the fate of the next request; null = answer normally. Deterministic in the request's sequence number. */
  beforeRequest(request?: FaultRequestInfo): FaultAction | null;
  /** Whether this record is served malformed: a pure function of (seed, table, id, malformedRate); not counted. */
  isMalformed(table: string, id: number | string): boolean;
  /** Replaces the plan (e.g. faults off for a clean baseline); counters and the request sequence go on. */
  setPlan(plan: FaultPlan): void;
  readonly plan: Readonly<FaultPlan>;
  counters(): FaultCounters;
}

const PICK = saltOf('faults:pick');
const STATUS = saltOf('faults:status');
const RETRY = saltOf('faults:retry');
const MALFORMED = saltOf('faults:malformed');

function idNumber(id: number | string): number {
  return typeof id === 'number' ? id : saltOf(id);
}

/**
 * Creates a seeded fault injector. Request faults are exclusive and drawn from one uniform per request:
 * [0, serverErrorRate) → 5xx, then rate limits, then truncation, then slowness.
 */
export function createFaults(initial: FaultPlan = {}): Faults {
  let plan: FaultPlan = { ...initial };
  let sequence = 0;
  const counters: FaultCounters = {
    requests: 0,
    serverErrors: 0,
    rateLimits: 0,
    rateLimitsWithoutRetryAfter: 0,
    sessionExpiries: 0,
    slow: 0,
    truncated: 0,
  };

  return {
    get plan() {
      return plan;
    },
    setPlan(next: FaultPlan): void {
      plan = { ...next };
    },
    counters: () => ({ ...counters }),

    beforeRequest(): FaultAction | null {
      const seed = plan.seed ?? 1;
      const n = sequence++;
      counters.requests += 1;
      if (n === 0 && (plan.slowFirstMs ?? 0) > 0) {
        counters.slow += 1;
        return { kind: 'slow', delayMs: plan.slowFirstMs! };
      }
      const every = plan.sessionExpiryEveryRequests;
      if (every !== undefined && every > 0 && (n + 1) % every === 0) {
        counters.sessionExpiries += 1;
        return { kind: 'session-expired' };
      }
      let u = hash32(seed, n, PICK) / 4294967296;
      const serverErrorRate = plan.serverErrorRate ?? 0;
      if (u < serverErrorRate) {
        counters.serverErrors += 1;
        const status = ([502, 503, 504] as const)[hash32(seed, n, STATUS) % 3]!;
        return { kind: 'server-error', status };
      }
      u -= serverErrorRate;
      const rateLimitRate = plan.rateLimitRate ?? 0;
      if (u < rateLimitRate) {
        counters.rateLimits += 1;
        const h = hash32(seed, n, RETRY);
        // One in five 429s comes without Retry-After; the rest ask for 1–3 s.
        if (h % 5 === 0) {
          counters.rateLimitsWithoutRetryAfter += 1;
          return { kind: 'rate-limit', status: 429, retryAfterSeconds: null };
        }
        return { kind: 'rate-limit', status: 429, retryAfterSeconds: 1 + (h % 3) };
      }
      u -= rateLimitRate;
      const truncateRate = plan.truncateRate ?? 0;
      if (u < truncateRate) {
        counters.truncated += 1;
        return { kind: 'truncate' };
      }
      u -= truncateRate;
      if (u < (plan.slowRate ?? 0)) {
        counters.slow += 1;
        return { kind: 'slow', delayMs: plan.slowMs ?? 1500 };
      }
      return null;
    },

    isMalformed(table: string, id: number | string): boolean {
      const rate = plan.malformedRate ?? 0;
      if (rate <= 0) return false;
      return hash32(plan.seed ?? 1, idNumber(id), MALFORMED ^ saltOf(table)) / 4294967296 < rate;
    },
  };
}
