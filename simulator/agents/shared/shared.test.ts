import { describe, expect, it } from 'vitest';
import { randomHex, uuidV4, uuidV7 } from './ids.js';
import { Prng } from './prng.js';
import { WeightedChoice } from './weighted-choice.js';

describe('Prng', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = new Prng(1);
    const b = new Prng(1);
    const c = new Prng(2);
    const xs = Array.from({ length: 50 }, () => a.uint32());
    expect(Array.from({ length: 50 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.uint32())).not.toEqual(xs);
  });

  it('draws within bounds, and lognormal medians land near the requested median', () => {
    const prng = new Prng(3);
    const draws = Array.from({ length: 20_001 }, () => prng.lognormal(100, 1)).sort((x, y) => x - y);
    expect(draws[10_000]).toBeGreaterThan(90);
    expect(draws[10_000]).toBeLessThan(110);
    for (let i = 0; i < 1000; i++) {
      const v = prng.int(3, 5);
      expect(v >= 3 && v <= 5 && Number.isInteger(v)).toBe(true);
      expect(prng.lognormalInt(10, 3, 1, 50)).toBeLessThanOrEqual(50);
    }
  });
});

describe('ids', () => {
  it('formats UUIDv4, UUIDv7 with its timestamp, and hex', () => {
    const prng = new Prng(4);
    expect(uuidV4(prng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const v7 = uuidV7(prng, 1_764_200_000_123);
    expect(v7).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(v7.replace(/-/g, '').slice(0, 12), 16)).toBe(1_764_200_000_123);
    expect(randomHex(prng, 64)).toMatch(/^[0-9a-f]{64}$/);
    expect(randomHex(prng, 5)).toMatch(/^[0-9a-f]{5}$/);
  });
});

describe('WeightedChoice', () => {
  it('never picks zero weights and follows the weights', () => {
    const choice = WeightedChoice.of([
      ['a', 3],
      ['b', 1],
      ['never', 0],
    ]);
    const prng = new Prng(5);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 8000; i++) {
      const picked = choice.pick(prng);
      counts[picked] = (counts[picked] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['a', 'b']);
    expect((counts.a ?? 0) / (counts.b ?? 1)).toBeGreaterThan(2.5);
    expect(() => WeightedChoice.of([['x', 0]], 'models')).toThrow(
      'models: needs at least one item with a positive weight',
    );
  });
});
