import { describe, expect, it } from 'vitest';
import { describeDuplicates, describeRanges, diffSeqs, mergeDiffs } from './seq-diff.js';

describe('seq diff', () => {
  it('finds nothing wrong when every expected seq is present once', () => {
    const diff = diffSeqs([[0, 9]], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(diff).toEqual({
      expectedCount: 10,
      presentCount: 10,
      missing: [],
      duplicates: [],
      unexpected: [],
    });
  });

  it('reports missing values as ranges', () => {
    const observed = Array.from({ length: 1000 }, (_, i) => i).filter(
      (i) => !(i >= 100 && i <= 199) && i !== 500 && i !== 999,
    );
    const diff = diffSeqs([[0, 999]], observed);
    expect(diff.missing).toEqual([
      [100, 199],
      [500, 500],
      [999, 999],
    ]);
    expect(describeRanges('missing', diff.missing)).toBe(
      'missing seq 100-199 (100 records), 500 (1 record), 999 (1 record); total 102',
    );
  });

  it('reports duplicates by value with their multiplicity', () => {
    const diff = diffSeqs([[0, 50]], [...Array.from({ length: 51 }, (_, i) => i), 42, 43, 44, 44]);
    expect(diff.duplicates).toEqual([
      [42, 2],
      [43, 2],
      [44, 3],
    ]);
    expect(describeDuplicates(diff.duplicates)).toBe('duplicated seq 42-43 ×2, 44 ×3; 4 extra records');
  });

  it('separates values outside the expected ranges (e.g. failed exports) from duplicates', () => {
    const diff = diffSeqs(
      [
        [0, 4],
        [10, 14],
      ],
      [0, 1, 2, 3, 4, 7, 8, 10, 11, 12, 13, 14],
    );
    expect(diff.unexpected).toEqual([[7, 8]]);
    expect(diff.missing).toEqual([]);
  });

  it('handles an empty backend and empty expectations', () => {
    expect(diffSeqs([[5, 9]], []).missing).toEqual([[5, 9]]);
    expect(diffSeqs([], [1]).unexpected).toEqual([[1, 1]]);
  });

  it('merges per-bucket diffs', () => {
    const merged = mergeDiffs([
      diffSeqs([[0, 9]], [0, 1, 2, 3, 4, 5, 6, 7, 8]),
      diffSeqs([[10, 19]], [11, 12, 13, 14, 15, 16, 17, 18, 19, 19]),
    ]);
    expect(merged.missing).toEqual([[9, 10]]);
    expect(merged.duplicates).toEqual([[19, 2]]);
    expect(merged.expectedCount).toBe(20);
  });

  it('caps long listings', () => {
    const ranges = Array.from({ length: 30 }, (_, i): [number, number] => [i * 10, i * 10]);
    expect(describeRanges('missing', ranges, 3)).toBe(
      'missing seq 0 (1 record), 10 (1 record), 20 (1 record), … 27 more ranges; total 30',
    );
  });
});
