/** The time a sandbox lives in: deterministic by default (moves only when told), or real time on request. */
export interface SandboxClock {
  /** Epoch ms; never goes backwards. */
  now(): number;
  /** Moves the clock forward (in real mode too: it adds to the wall clock). */
  advance(ms: number): void;
  readonly mode: 'manual' | 'real';
}

/** 2026-06-01T00:00:00Z: where every deterministic sandbox clock starts unless told otherwise. */
export const SANDBOX_EPOCH_MS = Date.UTC(2026, 5, 1);

export interface SandboxClockOptions {
  /** @defaultValue SANDBOX_EPOCH_MS (manual mode); ignored in real mode */
  startMs?: number;
  /** 'real' follows Date.now() (plus whatever was advanced). @defaultValue 'manual' */
  mode?: 'manual' | 'real';
}

export function createSandboxClock(options: SandboxClockOptions = {}): SandboxClock {
  const mode = options.mode ?? 'manual';
  let offset = 0;
  let last = mode === 'manual' ? (options.startMs ?? SANDBOX_EPOCH_MS) : Date.now();
  return {
    mode,
    now(): number {
      if (mode === 'real') last = Math.max(last, Date.now() + offset);
      return last;
    },
    advance(ms: number): void {
      if (!(ms >= 0)) throw new RangeError(`a clock only moves forward, got ${ms} ms`);
      if (mode === 'real') offset += ms;
      last += ms;
    },
  };
}
