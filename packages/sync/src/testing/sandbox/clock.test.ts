import { createSandboxClock, SANDBOX_EPOCH_MS } from './clock';

describe('createSandboxClock', () => {
  it('starts at 2026-06-01T00:00:00Z and moves only when advanced', () => {
    const clock = createSandboxClock();
    expect(new Date(clock.now()).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(clock.now()).toBe(SANDBOX_EPOCH_MS);
    clock.advance(1500);
    expect(clock.now()).toBe(SANDBOX_EPOCH_MS + 1500);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('follows the wall clock in real mode, plus what was advanced', () => {
    const clock = createSandboxClock({ mode: 'real' });
    const wall = Date.now();
    expect(Math.abs(clock.now() - wall)).toBeLessThan(1000);
    clock.advance(3_600_000);
    expect(clock.now() - Date.now()).toBeGreaterThan(3_599_000);
  });
});
