/**
 * Merging the ledgers of one run's shards (`aimon simulate --shard i/n`, each writing its own) into the run's
 * ledger, which `aimon verify` checks as one. Partitions have disjoint seqs, sessions and users (see
 * simulator/partition.ts), so counts, sums and distinct counts add up; a ledger given twice, or ledgers of
 * different runs, are refused with a one-line UserError.
 */
import { UserError } from '../errors.js';
import { normalizeRanges } from './seq-ranges.js';
import type {
  LedgerBreakdown,
  LedgerLoad,
  LedgerMetricSeries,
  LedgerTimelinePoint,
  RunLedger,
  SeqRange,
} from './types.js';

export interface LedgerPart {
  ledger: RunLedger;
  /** Where it came from (a file name), for messages. */
  source: string;
}

/** The partitions a ledger covers: a ledger without the field covers the whole run (1 partition). */
export function partitionsOf(ledger: RunLedger): { count: number; indices: number[] } {
  return ledger.partitions ?? { count: 1, indices: [0] };
}

/** Partitions of the run no ledger covers (0-based). */
export function missingPartitions(ledger: RunLedger): number[] {
  const { count, indices } = partitionsOf(ledger);
  const held = new Set(indices);
  return Array.from({ length: count }, (_, i) => i).filter((i) => !held.has(i));
}

/**
 * Refuses a ledger that covers only part of its run: verifying it against the stack, which holds every shard's
 * records, could only fail, with every other shard's records "unexpected".
 */
export function requireWholeRun(ledger: RunLedger, given: string): void {
  const missing = missingPartitions(ledger);
  if (missing.length === 0) return;
  const { count } = partitionsOf(ledger);
  const shown = missing.slice(0, 8).map((i) => `${i + 1}/${count}`);
  throw new UserError(
    `${given} cover${given.includes(' and ') ? '' : 's'} only part of run ${ledger.runId}: partition${missing.length > 1 ? 's' : ''} ${shown.join(', ')}${missing.length > 8 ? ', …' : ''} missing (give every shard's ledger: --ledger a.json --ledger b.json …, or their directory)`,
  );
}

function sameOrFail<T>(parts: readonly LedgerPart[], what: string, get: (l: RunLedger) => T): T {
  const first = parts[0]!;
  const value = get(first.ledger);
  for (const part of parts.slice(1)) {
    const other = get(part.ledger);
    if (JSON.stringify(other) !== JSON.stringify(value)) {
      throw new UserError(
        `${part.source} has ${what} ${JSON.stringify(other)} but ${first.source} has ${JSON.stringify(value)}: only ledgers of one run's shards can be merged`,
      );
    }
  }
  return value;
}

/** Every seq a ledger handed out and accounts for: expected (acknowledged + withheld) and failed. */
function heldSeqs(ledger: RunLedger): SeqRange[] {
  return normalizeRanges([...ledger.seq.expected, ...ledger.seq.failed]);
}

function checkDisjoint(parts: readonly LedgerPart[]): void {
  const owner = new Map<number, string>();
  for (const part of parts) {
    const { count, indices } = partitionsOf(part.ledger);
    for (const index of indices) {
      const other = owner.get(index);
      if (other !== undefined) {
        throw new UserError(
          `${other} and ${part.source} both cover partition ${index + 1} of ${count} of run ${part.ledger.runId}: the same shard's ledger given twice?`,
        );
      }
      owner.set(index, part.source);
    }
  }
  const all = parts
    .flatMap((part) => heldSeqs(part.ledger).map((range) => ({ range, source: part.source })))
    .sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < all.length; i++) {
    const prev = all[i - 1]!;
    const cur = all[i]!;
    if (cur.range[0] <= prev.range[1]) {
      throw new UserError(
        `${prev.source} and ${cur.source} overlap: both hold aimon.seq ${cur.range[0]}${Math.min(prev.range[1], cur.range[1]) > cur.range[0] ? `-${Math.min(prev.range[1], cur.range[1])}` : ''} (seq spaces of one run's shards are disjoint)`,
      );
    }
  }
}

function mergeBreakdowns(lists: readonly LedgerBreakdown[][]): LedgerBreakdown[] {
  const byId = new Map<string, LedgerBreakdown>();
  for (const list of lists) {
    for (const b of list) {
      const seen = byId.get(b.id);
      if (!seen) {
        byId.set(b.id, { ...b, values: { ...b.values } });
        continue;
      }
      // count and sum add up; count_uniq too, as its values (session and conversation ids) are per partition.
      for (const [key, v] of Object.entries(b.values)) seen.values[key] = (seen.values[key] ?? 0) + v;
    }
  }
  return [...byId.values()];
}

function mergeMetrics(parts: readonly LedgerPart[]): LedgerMetricSeries[] {
  const seen = new Map<string, string>();
  const out: LedgerMetricSeries[] = [];
  for (const part of parts) {
    for (const series of part.ledger.metrics) {
      const key = `${series.name}\u0000${JSON.stringify(series.resource)}\u0000${JSON.stringify(series.attributes)}`;
      const other = seen.get(key);
      if (other !== undefined) {
        throw new UserError(
          `${other} and ${part.source} both hold metric series ${series.name} ${JSON.stringify(series.attributes)}: ledgers of one run's shards never share a series`,
        );
      }
      seen.set(key, part.source);
      out.push(series);
    }
  }
  return out;
}

function mergeTimeline(lists: readonly LedgerTimelinePoint[][]): LedgerTimelinePoint[] {
  const bySecond = new Map<number, LedgerTimelinePoint>();
  for (const list of lists) {
    for (const p of list) {
      const seen = bySecond.get(p.second);
      if (!seen) bySecond.set(p.second, { ...p });
      else {
        seen.scheduled += p.scheduled;
        seen.sent += p.sent;
        seen.acknowledged += p.acknowledged;
        seen.failed += p.failed;
        seen.missed += p.missed;
      }
    }
  }
  return [...bySecond.values()].sort((a, b) => a.second - b.second);
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function addCounts<K extends string>(records: ReadonlyArray<Record<K, number>>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const r of records)
    for (const [k, v] of Object.entries(r) as Array<[K, number]>) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * One ledger for the shards' ledgers of a run: same run id, seed, scenario and partition count, disjoint partitions
 * and seqs (else a UserError naming both sources). Counts, sums and distinct counts add up; the window spans every
 * shard's; rates add up (the shards run side by side). One ledger is returned as it is.
 */
export function mergeLedgers(parts: readonly LedgerPart[]): RunLedger {
  if (parts.length === 0) throw new UserError('no ledger to merge');
  if (parts.length === 1) return parts[0]!.ledger;
  const runId = sameOrFail(parts, 'run id', (l) => l.runId);
  sameOrFail(parts, 'seed', (l) => l.seed);
  sameOrFail(parts, 'scenario', (l) => l.scenario);
  sameOrFail(parts, 'temporality', (l) => l.temporality);
  const count = sameOrFail(parts, 'partition count (shards × threads)', (l) => partitionsOf(l).count);
  checkDisjoint(parts);
  const ledgers = parts.map((p) => p.ledger);
  const first = ledgers[0]!;
  const nonEmpty = ledgers.filter((l) => l.seq.last >= l.seq.first);
  const targets = ledgers.map((l) => l.rate.targetPerSec);
  const endpoints = [...new Set(ledgers.map((l) => l.endpoint))];
  return {
    schema: 'aimon.ledger/v1',
    runId,
    seed: first.seed,
    scenario: first.scenario,
    protocol: first.protocol,
    endpoint: endpoints.join(', '),
    runTags: ledgers.every((l) => l.runTags),
    temporality: first.temporality,
    promptsLogged: ledgers.some((l) => l.promptsLogged),
    window: {
      startMs: Math.min(...ledgers.map((l) => l.window.startMs)),
      endMs: Math.max(...ledgers.map((l) => l.window.endMs)),
    },
    rate: {
      targetPerSec: targets.every((t) => t !== null) ? sum(targets as number[]) : null,
      achievedPerSec: sum(ledgers.map((l) => l.rate.achievedPerSec)),
    },
    records: addCounts(ledgers.map((l) => l.records)),
    seq: {
      first: nonEmpty.length ? Math.min(...nonEmpty.map((l) => l.seq.first)) : 0,
      last: nonEmpty.length ? Math.max(...nonEmpty.map((l) => l.seq.last)) : -1,
      expected: normalizeRanges(ledgers.flatMap((l) => l.seq.expected)),
      failed: normalizeRanges(ledgers.flatMap((l) => l.seq.failed)),
      withheld: normalizeRanges(ledgers.flatMap((l) => l.seq.withheld)),
      duplicated: normalizeRanges(ledgers.flatMap((l) => l.seq.duplicated)),
    },
    eventCounts: Object.fromEntries(
      Object.entries(addCounts(ledgers.map((l) => l.eventCounts))).sort(([a], [b]) => a.localeCompare(b)),
    ),
    breakdowns: mergeBreakdowns(ledgers.map((l) => l.breakdowns)),
    sessions: addCounts(ledgers.map((l) => l.sessions)),
    users: addCounts(ledgers.map((l) => l.users)),
    metrics: mergeMetrics(parts),
    timeline: mergeTimeline(ledgers.map((l) => l.timeline)),
    partitions: {
      count,
      indices: ledgers.flatMap((l) => partitionsOf(l).indices).sort((a, b) => a - b),
    },
    ...mergeLoad(ledgers),
  };
}

/** The shards ran side by side: sessions, series and named loads' records add up, over the longest shard's time. */
function mergeLoad(ledgers: readonly RunLedger[]): Pick<RunLedger, 'load'> {
  const loads = ledgers.map((l) => l.load);
  if (!loads.every((l) => l !== undefined)) return {};
  const [first] = loads as LedgerLoad[];
  const all = loads as LedgerLoad[];
  const durationMs = Math.max(...all.map((l) => l.durationMs));
  const minutes = Math.max(durationMs, 1) / 60_000;
  const sessions = sum(all.map((l) => l.sessions));
  const metricSeries = sum(all.map((l) => l.metricSeries));
  return {
    load: {
      ...first!,
      ...(first!.scenarios
        ? {
            scenarios: first!.scenarios.map((s, i) => ({
              ...s,
              scheduled: sum(all.map((l) => l.scenarios?.[i]?.scheduled ?? 0)),
            })),
          }
        : {}),
      durationMs,
      sessions,
      metricSeries,
      sessionsPerMin: sessions / minutes,
      seriesPerMin: metricSeries / minutes,
    },
  };
}
