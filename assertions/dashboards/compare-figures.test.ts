import { describe, expect, it } from 'vitest';
import { compareFigures } from './index.js';
import { LOGS_QUANTILE_RANK_ERROR, logsQuantile } from './ledger-expectations.js';

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
