import { describe, expect, it } from 'vitest';
import {
  clipRanges,
  inRanges,
  normalizeRanges,
  rangeIndexOf,
  rangeSize,
  SeqRangeSet,
  toRanges,
} from './seq-ranges.js';

describe('seq ranges', () => {
  it('normalizes: sorts, merges overlapping and adjacent ranges, drops empty ones, copies the input', () => {
    const input: Array<[number, number]> = [
      [5, 9],
      [0, 3],
      [4, 4],
      [20, 21],
      [30, 29],
      [8, 12],
    ];
    expect(normalizeRanges(input)).toEqual([
      [0, 12],
      [20, 21],
    ]);
    expect(input[0]).toEqual([5, 9]);
    expect(normalizeRanges([])).toEqual([]);
  });

  it('counts, compresses, clips and looks up', () => {
    expect(
      rangeSize([
        [0, 9],
        [20, 20],
      ]),
    ).toBe(11);
    expect(toRanges([1, 2, 3, 7, 9, 10])).toEqual([
      [1, 3],
      [7, 7],
      [9, 10],
    ]);
    expect(
      clipRanges(
        [
          [0, 9],
          [20, 29],
          [40, 49],
        ],
        5,
        24,
      ),
    ).toEqual([
      [5, 9],
      [20, 24],
    ]);
    const ranges: Array<[number, number]> = [
      [0, 9],
      [20, 29],
      [40, 49],
    ];
    expect([0, 9, 10, 25, 49, 50].map((v) => rangeIndexOf(ranges, v))).toEqual([0, 0, -1, 1, 2, -1]);
    expect([0, 9, 10, 25, 49, 50].map((v) => inRanges(ranges, v))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('SeqRangeSet collects batches in any order into normalized ranges and counts them', () => {
    const set = new SeqRangeSet();
    set.add(10, 19);
    set.add(20, 29);
    set.add(0, 9);
    set.add(40);
    set.add(35, 39);
    expect(set.toRanges()).toEqual([
      [0, 29],
      [35, 40],
    ]);
    expect(set.size).toBe(36);
  });
});
