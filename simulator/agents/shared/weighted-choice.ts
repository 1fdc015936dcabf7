import type { Weighted } from '../agent-model.js';
import type { Prng } from './prng.js';

/** Picks values by weight in O(log n) from precomputed cumulative weights. */
export class WeightedChoice<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(items: readonly Weighted<T>[], what = 'weighted choice') {
    const kept = items.filter((item) => item.weight > 0);
    if (kept.length === 0) throw new Error(`${what}: needs at least one item with a positive weight`);
    this.values = kept.map((item) => item.value);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach((item, index) => {
      sum += item.weight;
      this.cumulative[index] = sum;
    });
    this.total = sum;
  }

  static of<T>(pairs: ReadonlyArray<readonly [T, number]>, what?: string): WeightedChoice<T> {
    return new WeightedChoice(
      pairs.map(([value, weight]) => ({ value, weight })),
      what,
    );
  }

  pick(prng: Prng): T {
    const target = prng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }

  get all(): readonly T[] {
    return this.values;
  }
}
