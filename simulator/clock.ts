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

/** A clock tests move by hand: sleepUntil resolves once advance() passes its deadline. */
export class ManualClock implements Clock {
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  constructor(private now = 0) {}
  nowMs(): number {
    return this.now;
  }
  sleepUntil(ms: number): Promise<void> {
    if (ms <= this.now) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ at: ms, resolve }));
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.waiters.filter((w) => w.at <= this.now);
    this.waiters = this.waiters.filter((w) => w.at > this.now);
    for (const w of due) w.resolve();
  }
}
