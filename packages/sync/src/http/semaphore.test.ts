import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('grants up to its capacity, then queues first come first served', async () => {
    const semaphore = new Semaphore(2);
    const a = await semaphore.acquire();
    await semaphore.acquire();
    const order: string[] = [];
    const c = semaphore.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = semaphore.acquire().then(() => order.push('d'));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    (await c)();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('ignores a second release of the same slot', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    release();
    release();
    expect(semaphore.free).toBe(1);
  });

  it('rejects an aborted wait at once and gives its place to the next', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const next = semaphore.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    release();
    await expect(next).resolves.toEqual(expect.any(Function));
  });

  it('rejects an already aborted signal without taking a slot', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(semaphore.free).toBe(1);
  });
});
