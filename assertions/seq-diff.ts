import { normalizeRanges, rangeIndexOf, rangeSize, toRanges, type SeqRange } from '../core/ledger/index.js';

/** What the backend holds for a run's aimon.seq values compared with the ranges the ledger expects. */
export interface SeqDiff {
  expectedCount: number;
  /** Distinct expected values found. */
  presentCount: number;
  missing: SeqRange[];
  /** Expected values stored more than once: [seq, times stored]. */
  duplicates: Array<[number, number]>;
  /** Values that are not expected at all (e.g. from failed ranges, or foreign records), compressed to ranges. */
  unexpected: SeqRange[];
}

/**
 * Diffs observed seq values (any order, repeats allowed: each occurrence is one stored record) against the
 * expected ranges. Memory is proportional to the observed values, so callers feed it one bucket at a time.
 */
export function diffSeqs(expectedRanges: readonly SeqRange[], observed: Iterable<number>): SeqDiff {
  const expected = normalizeRanges(expectedRanges);
  const counts = new Map<number, number>();
  for (const value of observed) counts.set(value, (counts.get(value) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((a, b) => a - b);
  const isExpected = (value: number): boolean => rangeIndexOf(expected, value) >= 0;

  const duplicates: Array<[number, number]> = [];
  const unexpectedValues: number[] = [];
  const presentExpected: number[] = [];
  for (const value of distinct) {
    const times = counts.get(value)!;
    if (!isExpected(value)) {
      unexpectedValues.push(value);
      continue;
    }
    presentExpected.push(value);
    if (times > 1) duplicates.push([value, times]);
  }
  return {
    expectedCount: rangeSize(expected),
    presentCount: presentExpected.length,
    missing: subtractSorted(expected, presentExpected),
    duplicates,
    unexpected: toRanges(unexpectedValues),
  };
}

/** Merges per-bucket diffs (buckets must not overlap). */
export function mergeDiffs(diffs: readonly SeqDiff[]): SeqDiff {
  return {
    expectedCount: diffs.reduce((n, d) => n + d.expectedCount, 0),
    presentCount: diffs.reduce((n, d) => n + d.presentCount, 0),
    missing: normalizeRanges(diffs.flatMap((d) => d.missing)),
    duplicates: diffs.flatMap((d) => d.duplicates).sort((a, b) => a[0] - b[0]),
    unexpected: normalizeRanges(diffs.flatMap((d) => d.unexpected)),
  };
}

/** Expected ranges minus sorted distinct present values. */
function subtractSorted(expected: readonly SeqRange[], present: readonly number[]): SeqRange[] {
  const missing: SeqRange[] = [];
  let i = 0;
  for (const [a, b] of expected) {
    let cursor = a;
    while (i < present.length && present[i]! < a) i += 1;
    while (i < present.length && present[i]! <= b) {
      if (present[i]! > cursor) missing.push([cursor, present[i]! - 1]);
      cursor = present[i]! + 1;
      i += 1;
    }
    if (cursor <= b) missing.push([cursor, b]);
  }
  return missing;
}

export function formatRange([a, b]: SeqRange): string {
  return a === b ? `${a}` : `${a}-${b}`;
}

/** "missing seq 100-199 (100 records), 250 (1 record)" — capped so a report stays readable. */
export function describeRanges(label: string, ranges: readonly SeqRange[], limit = 20): string {
  if (ranges.length === 0) return '';
  const shown = ranges.slice(0, limit).map((r) => {
    const n = r[1] - r[0] + 1;
    return `${formatRange(r)} (${n} record${n === 1 ? '' : 's'})`;
  });
  const more = ranges.length > limit ? `, … ${ranges.length - limit} more ranges` : '';
  return `${label} seq ${shown.join(', ')}${more}; total ${rangeSize(ranges)}`;
}

export function describeDuplicates(duplicates: ReadonlyArray<[number, number]>, limit = 20): string {
  if (duplicates.length === 0) return '';
  const runs = compressDuplicateRuns(duplicates);
  const shown = runs.slice(0, limit).map(([a, b, times]) => `${a === b ? a : `${a}-${b}`} ×${times}`);
  const more = runs.length > limit ? `, … ${runs.length - limit} more` : '';
  const extra = duplicates.reduce((n, [, times]) => n + times - 1, 0);
  return `duplicated seq ${shown.join(', ')}${more}; ${extra} extra record${extra === 1 ? '' : 's'}`;
}

/** Consecutive seqs duplicated the same number of times collapse into one run: [from, to, times]. */
function compressDuplicateRuns(duplicates: ReadonlyArray<[number, number]>): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (const [seq, times] of duplicates) {
    const last = runs[runs.length - 1];
    if (last && seq === last[1] + 1 && times === last[2]) last[1] = seq;
    else runs.push([seq, seq, times]);
  }
  return runs;
}
