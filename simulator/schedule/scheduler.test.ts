import { describe, expect, it } from 'vitest';
import { MaxRateScheduler, RampingRateScheduler } from './scheduler.js';

describe('RampingRateScheduler', () => {
  it('spaces a constant rate exactly from t0 (open model: due = t0 + n/rate)', () => {
    const s = new RampingRateScheduler([{ durationMs: 1000, targetPerSec: 4 }]);
    expect([0, 1, 2, 3, 4].map((n) => s.dueAtMs(n))).toEqual([0, 250, 500, 750, undefined]);
    expect(s.endMs).toBe(1000);
  });

  it('stops at a count', () => {
    const s = new RampingRateScheduler([{ durationMs: Infinity, targetPerSec: 500 }], { maxCount: 3 });
    expect([0, 1, 2, 3].map((n) => s.dueAtMs(n))).toEqual([0, 2, 4, undefined]);
  });

  it('ramps linearly: N(t) = r0·t + (r1−r0)·t²/2D', () => {
    // 0 → 10/s over 2 s: N(t) = 2.5 t², so slot n is due at sqrt(n / 2.5) s; 10 slots in all.
    const s = new RampingRateScheduler([{ durationMs: 2000, targetPerSec: 10 }], { startPerSec: 0 });
    for (const n of [0, 1, 4, 9]) expect(s.dueAtMs(n)).toBeCloseTo(Math.sqrt(n / 2.5) * 1000, 6);
    expect(s.dueAtMs(10)).toBeUndefined();
    expect(s.targetRateAt(1000)).toBeCloseTo(5);
  });

  it('chains stages: hold, then a second rate', () => {
    const s = new RampingRateScheduler([
      { durationMs: 1000, targetPerSec: 2 },
      { durationMs: 1000, targetPerSec: 2 },
      { durationMs: 0, targetPerSec: 4 },
      { durationMs: 1000, targetPerSec: 4 },
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => s.dueAtMs(n))).toEqual([
      0,
      500,
      1000,
      1500,
      2000,
      2250,
      2500,
      2750,
      undefined,
    ]);
  });
});

describe('MaxRateScheduler', () => {
  it('makes every slot due at once until the count', () => {
    const s = new MaxRateScheduler(2, Infinity);
    expect([s.dueAtMs(0), s.dueAtMs(1), s.dueAtMs(2)]).toEqual([0, 0, undefined]);
    expect(s.targetRateAt()).toBeNull();
  });
});
