import { sharedSweep } from './shared-sweep';

describe('sharedSweep', () => {
  it('runs one sweep at a time; callers during one share the next, which starts after it', async () => {
    const started: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const sweep = sharedSweep(
      () =>
        new Promise<void>((resolve) => {
          running++;
          most = Math.max(most, running);
          started.push(() => {
            running--;
            resolve();
          });
        }),
    );
    const first = sweep();
    const second = sweep();
    const third = sweep();
    expect(started).toHaveLength(1);
    started[0]!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
    started[1]!();
    await Promise.all([second, third]);
    expect(most).toBe(1);
    const fourth = sweep();
    expect(started).toHaveLength(3);
    started[2]!();
    await fourth;
  });

  it('gives a failed sweep’s error to its callers; the next caller starts a new one', async () => {
    let calls = 0;
    const sweep = sharedSweep(async () => {
      calls++;
      if (calls === 1) throw new Error('store down');
    });
    await expect(sweep()).rejects.toThrow('store down');
    await expect(sweep()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
