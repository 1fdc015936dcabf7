/** Polls `attempt` until `done(value)` or the deadline; never waits past the deadline. */
export interface EventuallyOptions {
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export interface EventuallyOutcome<T> {
  /** The last value seen (undefined if every attempt threw). */
  value: T | undefined;
  settled: boolean;
  attempts: number;
  elapsedMs: number;
  /** The last error thrown by `attempt`, if the final attempt threw. */
  lastError?: unknown;
}

export async function eventually<T>(
  attempt: () => Promise<T>,
  done: (value: T) => boolean,
  options: EventuallyOptions,
): Promise<EventuallyOutcome<T>> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let value: T | undefined;
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      value = await attempt();
      lastError = undefined;
      if (done(value)) return { value, settled: true, attempts, elapsedMs: Date.now() - started };
    } catch (error) {
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0 || options.signal?.aborted) {
      return { value, settled: false, attempts, elapsedMs: Date.now() - started, lastError };
    }
    await sleep(Math.min(options.intervalMs, remaining), options.signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
