/**
 * One sweep at a time in this process, shared: the callers that ask while one runs get the next one, which
 * starts when it ends (the running one may have started before their reminder was due). Returns a function
 * that resolves when a sweep that started after the call has finished.
 */
export function sharedSweep(sweep: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  function start(): Promise<void> {
    const run: Promise<void> = sweep()
      .then(() => undefined)
      .finally(() => {
        if (running === run) running = null;
      });
    running = run;
    return run;
  }

  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
