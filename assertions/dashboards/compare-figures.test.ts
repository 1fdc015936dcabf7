import { describe, expect, it } from 'vitest';
import { compareFigures } from './index.js';
import { histogramQuantile, LOGS_QUANTILE_RANK_ERROR, logsQuantile } from './ledger-expectations.js';

describe('compareFigures', () => {
  it('compares exact figures to 1e-9 and names the wrong one', () => {
    expect(compareFigures(new Map([['a', 1]]), new Map([['a', 1]]))).toEqual([]);
    expect(compareFigures(new Map([['a', 1]]), new Map([['a', 2]]))).toEqual(['a: expected 1, shown 2']);
  });

  it('accepts an estimated quantile inside its rank range and rejects one outside', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i);
    const exact = logsQuantile(values, 0.95);
    const range = [
      logsQuantile(values, 0.95 - LOGS_QUANTILE_RANK_ERROR),
      logsQuantile(values, 0.95 + LOGS_QUANTILE_RANK_ERROR),
    ] as const;
    const ranges = new Map([['p95', range]]);
    expect(compareFigures(new Map([['p95', exact]]), new Map([['p95', exact - 1000]]), ranges)).toEqual([]);
    const wrong = compareFigures(
      new Map([['p95', exact]]),
      new Map([['p95', logsQuantile(values, 0.9)]]),
      ranges,
    );
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toContain('(estimate), shown');
  });
});

describe('histogramQuantile (Prometheus 3, native histogram with custom buckets)', () => {
  it('walks from the top for q ≥ 0.5, so a rank between two buckets lands in the upper one', () => {
    // One observation in (3000, 4000], one in (5000, 6000]: the classic _bucket algorithm says 4000.
    expect(histogramQuantile(0.5, [3000, 4000, 5000, 6000], [0, 1, 0, 1, 0])).toBe(5000);
    expect(histogramQuantile(0.25, [3000, 4000, 5000, 6000], [0, 1, 0, 1, 0])).toBe(3500);
  });

  it('returns the bound of the open-ended buckets and interpolates inside the others', () => {
    expect(histogramQuantile(0.99, [10, 20], [0, 0, 5])).toBe(20);
    expect(histogramQuantile(0.1, [10, 20], [4, 0, 0])).toBe(1);
    expect(histogramQuantile(0.95, [10, 20], [0, 10, 0])).toBe(19.5);
  });
});
