import { describe, expect, it } from 'vitest';
import { MultiLoadScheduler } from './multi-load-scheduler.js';

const take = (s: MultiLoadScheduler, n: number): Array<[number | undefined, number]> =>
  Array.from({ length: n }, (_, slot) => [s.dueAtMs(slot), s.loadOf(slot)]);

describe('MultiLoadScheduler: named loads overlapping by startTime', () => {
  it('merges two constant loads in time order, the second offset by its start (ties: the first load)', () => {
    // a: 4/s for 1 s from 0 → 0, 250, 500, 750. b: 2/s for 1 s from 500 ms → 500, 1000.
    const s = new MultiLoadScheduler([
      { startMs: 0, stages: [{ durationMs: 1000, targetPerSec: 4 }] },
      { startMs: 500, stages: [{ durationMs: 1000, targetPerSec: 2 }] },
    ]);
    expect(take(s, 7)).toEqual([
      [0, 0],
      [250, 0],
      [500, 0],
      [500, 1],
      [750, 0],
      [1000, 1],
      [undefined, -1],
    ]);
    expect(s.endMs).toBe(1500);
  });

  it('keeps each load its own ramp: arrivals and rates per load, from its start', () => {
    // steady: 2/s for 3 s. spike from 1 s: 0 → 10/s over 2 s, N(t) = 2.5 t², slot n at 1 s + sqrt(n / 2.5) s.
    const s = new MultiLoadScheduler([
      { startMs: 0, stages: [{ durationMs: 3000, targetPerSec: 2 }] },
      { startMs: 1000, startPerSec: 0, stages: [{ durationMs: 2000, targetPerSec: 10 }] },
    ]);
    const byLoad: number[][] = [[], []];
    for (let slot = 0; ; slot++) {
      const due = s.dueAtMs(slot);
      if (due === undefined) break;
      byLoad[s.loadOf(slot)]!.push(due);
    }
    expect(byLoad[0]).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(byLoad[1]).toHaveLength(10);
    byLoad[1]!.forEach((due, n) => expect(due).toBeCloseTo(1000 + Math.sqrt(n / 2.5) * 1000, 6));
    expect(s.targetRateAt(500)).toBe(2);
    expect(s.targetRateAt(2000)).toBeCloseTo(2 + 5);
    expect(s.targetRateAt(3000)).toBe(0);
  });

  it('stops at a count across loads, and refuses to go back', () => {
    const s = new MultiLoadScheduler(
      [
        { startMs: 0, stages: [{ durationMs: 10_000, targetPerSec: 1 }] },
        { startMs: 0, stages: [{ durationMs: 10_000, targetPerSec: 1 }] },
      ],
      3,
    );
    expect(take(s, 4)).toEqual([
      [0, 0],
      [0, 1],
      [1000, 0],
      [undefined, -1],
    ]);
    expect(() => s.dueAtMs(1)).toThrow('slot 1 asked after slot 3');
  });
});
