/**
 * The one copy of aimon.seq range arithmetic: inclusive ranges [first, last], sorted and merged. The simulator
 * collects ranges with SeqRangeSet, shards' ledgers are merged with normalizeRanges, and verify diffs the stored
 * seqs against them (assertions/seq-diff.ts).
 */
import type { SeqRange } from './types.js';

/** Sorts and merges overlapping or adjacent ranges; an empty range (last < first) is dropped. */
export function normalizeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = ranges
    .filter(([a, b]) => b >= a)
    .map(([a, b]): SeqRange => [a, b])
    .sort((x, y) => x[0] - y[0]);
  const merged: SeqRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/** How many seqs the ranges hold (ranges must not overlap: normalize them first). */
export function rangeSize(ranges: readonly SeqRange[]): number {
  return ranges.reduce((total, [a, b]) => total + (b - a + 1), 0);
}

/** Compresses sorted distinct integers into inclusive ranges. */
export function toRanges(sortedDistinct: readonly number[]): SeqRange[] {
  const ranges: SeqRange[] = [];
  for (const value of sortedDistinct) {
    const last = ranges.at(-1);
    if (last && value === last[1] + 1) last[1] = value;
    else ranges.push([value, value]);
  }
  return ranges;
}

/** Ranges of `ranges` intersected with [lo, hi]. */
export function clipRanges(ranges: readonly SeqRange[], lo: number, hi: number): SeqRange[] {
  const out: SeqRange[] = [];
  for (const [a, b] of ranges) {
    const from = Math.max(a, lo);
    const to = Math.min(b, hi);
    if (from <= to) out.push([from, to]);
  }
  return out;
}

/** Whether seq lies in one of the ranges (any order; linear, for the short lists of fault injection). */
export function inRanges(ranges: readonly SeqRange[], seq: number): boolean {
  for (const [a, b] of ranges) if (seq >= a && seq <= b) return true;
  return false;
}

/** Index of the range holding value in normalized ranges (binary search), or -1. */
export function rangeIndexOf(ranges: readonly SeqRange[], value: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (value < a) hi = mid - 1;
    else if (value > b) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Collects seq numbers (usually contiguous batches, in any order) into normalized ranges. */
export class SeqRangeSet {
  private ranges: SeqRange[] = [];
  private count = 0;

  add(first: number, last = first): void {
    const tail = this.ranges.at(-1);
    if (tail && first === tail[1] + 1) tail[1] = last;
    else this.ranges.push([first, last]);
    this.count += last - first + 1;
  }

  /** Seqs added (a seq added twice counts twice). */
  get size(): number {
    return this.count;
  }

  toRanges(): SeqRange[] {
    return normalizeRanges(this.ranges);
  }
}
