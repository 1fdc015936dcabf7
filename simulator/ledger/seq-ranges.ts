import type { SeqRange } from '../../core/ledger.js';
import { UserError } from '../../core/errors.js';

/** Collects seq numbers (usually contiguous batches) into sorted, merged inclusive ranges. */
export class SeqRangeSet {
  private ranges: SeqRange[] = [];
  private count = 0;

  add(first: number, last = first): void {
    const tail = this.ranges.at(-1);
    if (tail && first === tail[1] + 1) tail[1] = last;
    else this.ranges.push([first, last]);
    this.count += last - first + 1;
  }

  get size(): number {
    return this.count;
  }

  toRanges(): SeqRange[] {
    const sorted = this.ranges.map((r) => [r[0], r[1]] as SeqRange).sort((a, b) => a[0] - b[0]);
    const merged: SeqRange[] = [];
    for (const r of sorted) {
      const tail = merged.at(-1);
      if (tail && r[0] <= tail[1] + 1) tail[1] = Math.max(tail[1], r[1]);
      else merged.push(r);
    }
    return merged;
  }
}

/** Parses fault-injection ranges: "100-199,250" → [[100,199],[250,250]]. */
export function parseSeqRanges(text: string, what: string): SeqRange[] {
  const out: SeqRange[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = match ? Number(match[1]) : NaN;
    const last = match?.[2] !== undefined ? Number(match[2]) : first;
    if (!match || last < first) {
      throw new UserError(`${what} "${text}" is not a list of seq ranges (expected e.g. 100-199,250)`);
    }
    out.push([first, last]);
  }
  if (out.length === 0) throw new UserError(`${what} "${text}" is empty (expected e.g. 100-199,250)`);
  return out;
}

export function inRanges(ranges: readonly SeqRange[], seq: number): boolean {
  for (const [a, b] of ranges) if (seq >= a && seq <= b) return true;
  return false;
}
