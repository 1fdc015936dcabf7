import { clipRanges, normalizeRanges, rangeSize, type SeqRange } from '../../core/ledger/index.js';
import { check, describeError, errored, type AssertionResult } from '../assertion.js';
import { qualifiedEventOf, runFilter } from '../logsql.js';
import { describeDuplicates, describeRanges, diffSeqs, mergeDiffs, type SeqDiff } from '../seq-diff.js';
import type { Suite } from '../suite.js';
import type { VerifyContext } from '../verify-context.js';

const SUITE = 'completeness';
/** Buckets whose stats look wrong are fetched value by value; beyond this many, only their stats are reported. */
const MAX_DRILLED_BUCKETS = 200;

/** Every record of the run is stored exactly once: counts per event name, and every aimon.seq once. */
export const completenessSuite: Suite = {
  id: SUITE,
  title: 'Completeness',
  async run(ctx) {
    const results: AssertionResult[] = [];
    results.push(...(await eventCountAssertions(ctx)));
    results.push(await seqAssertion(ctx));
    return results;
  },
};

async function eventCountAssertions(ctx: VerifyContext): Promise<AssertionResult[]> {
  const query = `${runFilter(ctx.ledger.runId)} | stats by (_msg, event.name) count() as aimon_n`;
  let rows: Array<Record<string, string>>;
  try {
    rows = await ctx.logs.query(query, ctx.range);
  } catch (error) {
    return [
      errored({
        id: `${SUITE}.events`,
        suite: SUITE,
        title: 'Records per event name',
        detail: describeError(error),
        query,
      }),
    ];
  }
  const actual = new Map<string, number>();
  for (const row of rows) {
    const name = qualifiedEventOf(row._msg, row['event.name']);
    actual.set(name, (actual.get(name) ?? 0) + Number(row.aimon_n ?? 0));
  }
  const results: AssertionResult[] = [];
  const expectedTotal = Object.values(ctx.ledger.eventCounts).reduce((a, b) => a + b, 0);
  const actualTotal = [...actual.values()].reduce((a, b) => a + b, 0);
  results.push(
    check(actualTotal === expectedTotal, {
      id: `${SUITE}.total`,
      suite: SUITE,
      title: 'Records stored for the run',
      expected: String(expectedTotal),
      actual: String(actualTotal),
      detail: actualTotal === expectedTotal ? '' : `${diffWord(actualTotal - expectedTotal)} records overall`,
      query,
    }),
  );
  for (const [name, expected] of Object.entries(ctx.ledger.eventCounts).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const got = actual.get(name) ?? 0;
    results.push(
      check(got === expected, {
        id: `${SUITE}.event.${name}`,
        suite: SUITE,
        title: `Records of ${name}`,
        expected: String(expected),
        actual: String(got),
        detail:
          got === expected ? '' : `${name}: expected ${expected}, got ${got} (${diffWord(got - expected)})`,
        query,
      }),
    );
  }
  const unexpected = [...actual.entries()].filter(([name]) => !(name in ctx.ledger.eventCounts));
  if (unexpected.length > 0) {
    results.push(
      check(false, {
        id: `${SUITE}.event.unexpected`,
        suite: SUITE,
        title: 'Records of event names the ledger does not list',
        expected: '0',
        actual: String(unexpected.reduce((n, [, c]) => n + c, 0)),
        detail: unexpected.map(([name, count]) => `${name} ×${count}`).join(', '),
        query,
      }),
    );
  }
  return results;
}

function diffWord(delta: number): string {
  return delta < 0 ? `${-delta} missing` : `${delta} extra`;
}

interface BucketStats {
  bucket: number;
  count: number;
  distinct: number;
}

/** Size of a seq bucket: ~1000 buckets at most, at least 1000 seqs each. */
export function bucketSizeFor(first: number, last: number): number {
  const span = Math.max(1, last - first + 1);
  return Math.max(1000, Math.ceil(span / 1000));
}

async function seqAssertion(ctx: VerifyContext): Promise<AssertionResult> {
  const expected = normalizeRanges(ctx.ledger.seq.expected);
  const expectedCount = rangeSize(expected);
  const size = bucketSizeFor(ctx.ledger.seq.first, ctx.ledger.seq.last);
  const filter = runFilter(ctx.ledger.runId);
  const query =
    `${filter} | math floor(aimon.seq / ${size}) as aimon_b ` +
    `| stats by (aimon_b) count() as aimon_n, count_uniq(aimon.seq) as aimon_u`;
  const base = {
    id: `${SUITE}.seq`,
    suite: SUITE,
    title: 'Every aimon.seq stored exactly once',
    expected: `${expectedCount} distinct seqs, each once`,
    query,
  };
  try {
    const rows = await ctx.logs.query(query, ctx.range);
    let withoutSeq = 0;
    const stats = new Map<number, BucketStats>();
    for (const row of rows) {
      const bucket = Number(row.aimon_b);
      if (!Number.isFinite(bucket)) {
        withoutSeq += Number(row.aimon_n ?? 0);
        continue;
      }
      stats.set(bucket, { bucket, count: Number(row.aimon_n), distinct: Number(row.aimon_u) });
    }

    const diffs: SeqDiff[] = [];
    const toDrill: number[] = [];
    const buckets = new Set<number>([...stats.keys(), ...expectedBuckets(expected, size)]);
    for (const bucket of [...buckets].sort((a, b) => a - b)) {
      const lo = bucket * size;
      const hi = lo + size - 1;
      const want = clipRanges(expected, lo, hi);
      const wantCount = rangeSize(want);
      const got = stats.get(bucket);
      if (!got) {
        diffs.push({
          expectedCount: wantCount,
          presentCount: 0,
          missing: want,
          duplicates: [],
          unexpected: [],
        });
        continue;
      }
      // Full bucket with n == distinct == expected: every value present once (seqs are integers in [lo, hi]).
      const clean = wantCount === size && got.count === wantCount && got.distinct === wantCount;
      if (clean)
        diffs.push({
          expectedCount: wantCount,
          presentCount: wantCount,
          missing: [],
          duplicates: [],
          unexpected: [],
        });
      else toDrill.push(bucket);
    }

    const notDrilled = toDrill.slice(MAX_DRILLED_BUCKETS);
    for (const bucket of toDrill.slice(0, MAX_DRILLED_BUCKETS)) {
      const lo = bucket * size;
      const hi = lo + size - 1;
      const drillQuery = `${filter} aimon.seq:range[${lo}, ${hi + 1}) | fields aimon.seq`;
      const values = (await ctx.logs.query(drillQuery, ctx.range)).map((r) => Number(r['aimon.seq']));
      diffs.push(diffSeqs(clipRanges(expected, lo, hi), values));
    }
    const diff = mergeDiffs(diffs);
    const problems = [
      describeRanges('missing', diff.missing),
      describeDuplicates(diff.duplicates),
      describeRanges('unexpected', diff.unexpected),
      withoutSeq > 0 ? `${withoutSeq} records without aimon.seq` : '',
      notDrilled.length > 0 ? `${notDrilled.length} more buckets of ${size} seqs differ (not itemised)` : '',
    ].filter(Boolean);
    const ok = problems.length === 0;
    const extra = diff.duplicates.reduce((n, [, t]) => n + t - 1, 0);
    return check(ok, {
      ...base,
      actual: ok
        ? `${diff.presentCount} distinct seqs, each once`
        : `${diff.presentCount} present, ${rangeSize(diff.missing)} missing, ${extra} duplicate records`,
      detail: problems.join('; '),
    });
  } catch (error) {
    return errored({ ...base, detail: describeError(error) });
  }
}

function expectedBuckets(expected: readonly SeqRange[], size: number): number[] {
  const buckets: number[] = [];
  for (const [a, b] of expected) {
    for (let bucket = Math.floor(a / size); bucket <= Math.floor(b / size); bucket++) buckets.push(bucket);
  }
  return buckets;
}
