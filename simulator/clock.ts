import { setTimeout as sleep } from 'node:timers/promises';

/** Time source for the engine: epoch milliseconds that never go backwards (timeOrigin + monotonic clock). */
export interface Clock {
  nowMs(): number;
  sleepUntil(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => performance.timeOrigin + performance.now(),
  async sleepUntil(ms, signal) {
    const wait = ms - (performance.timeOrigin + performance.now());
    if (wait <= 0) return;
    await sleep(wait, undefined, { signal }).catch(() => undefined);
  },
};
