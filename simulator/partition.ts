/**
 * Partitions: how a run is split between generators (`--shard i/n` processes × `--threads t` threads each).
 *
 * A run has P = n·t partitions. Partition p (0-based) builds, from the same seed:
 * - the schedule's slots p, p+P, p+2P, … (so each runs at 1/P of the rate, and together they are the schedule);
 * - seqs in its own chunks: chunk c (seqs c·SEQ_CHUNK … c·SEQ_CHUNK+SEQ_CHUNK−1) belongs to partition c mod P;
 * - the users whose index is p mod P, and ⌊C/P⌋ or ⌈C/P⌉ of the C concurrent sessions, from its own PRNG stream.
 * What a partition sends depends only on (seed, scenario, p, P), never on the process or thread that builds it, so any
 * layout with the same P (2 shards × 1 thread, 1 process × 2 threads) sends the same records, timestamps aside.
 * P = 1 is the unsharded run, unchanged: seqs 0, 1, 2, …, every user and session, the seed as given.
 * Pure: no I/O.
 */
import { UserError } from '../core/errors.js';
import type { SeqRange } from '../core/ledger/index.js';
import type { Scheduler } from './schedule/scheduler.js';

export interface Partition {
  /** 0-based, < count. */
  index: number;
  count: number;
}

export interface ShardSpec {
  /** 1-based, as `--shard i/n` writes it. */
  index: number;
  count: number;
}

export const WHOLE_RUN: Partition = { index: 0, count: 1 };

/** Seqs per chunk: a partition's seqs are contiguous within a chunk, so its ledger has few ranges. */
export const SEQ_CHUNK = 4096;

/** The most partitions a run may have (seqs stay well inside 2^53 for any realistic run). */
export const MAX_PARTITIONS = 1024;

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index >= 1) || index > count) {
    throw new UserError(`--shard "${text}" is not a shard (expected i/n with 1 ≤ i ≤ n, e.g. 1/4)`);
  }
  if (count > MAX_PARTITIONS) throw new UserError(`--shard "${text}": at most ${MAX_PARTITIONS} shards`);
  return { index, count };
}

/** Parses `--threads t` (generator threads in this process). */
export function parseThreads(raw: number | string): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UserError(`--threads "${raw}" is not a thread count (expected 1 to 64)`);
  return n;
}

/** The partitions shard i/n with t threads builds: (i−1)·t … i·t−1 of n·t. */
export function partitionsOfShard(shard: ShardSpec, threads: number): Partition[] {
  const count = shard.count * threads;
  if (count > MAX_PARTITIONS)
    throw new UserError(
      `--shard ${shard.index}/${shard.count} × --threads ${threads}: at most ${MAX_PARTITIONS} partitions`,
    );
  return Array.from({ length: threads }, (_, j) => ({ index: (shard.index - 1) * threads + j, count }));
}

/** The seq of a partition's n-th record (0-based). */
export function seqOf(partition: Partition, n: number): number {
  if (partition.count === 1) return n;
  const chunk = Math.floor(n / SEQ_CHUNK);
  return (chunk * partition.count + partition.index) * SEQ_CHUNK + (n % SEQ_CHUNK);
}

/** The partition a seq belongs to. */
export function partitionOfSeq(seq: number, count: number): number {
  return Math.floor(seq / SEQ_CHUNK) % count;
}

/** The seqs of a partition's first `records` records, as ranges. */
export function seqRangesOf(partition: Partition, records: number): SeqRange[] {
  if (records <= 0) return [];
  if (partition.count === 1) return [[0, records - 1]];
  const ranges: SeqRange[] = [];
  for (let n = 0; n < records; n += SEQ_CHUNK) {
    const last = Math.min(records, n + SEQ_CHUNK) - 1;
    ranges.push([seqOf(partition, n), seqOf(partition, last)]);
  }
  return ranges;
}

/** A seed for partition p of P drawn from the run's seed (the seed itself when P = 1). */
export function partitionSeed(seed: number, partition: Partition): number {
  if (partition.count === 1) return seed;
  let z = (seed ^ Math.imul(partition.index + 1, 0x9e3779b9) ^ Math.imul(partition.count, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** How many of `total` things partition p gets: ⌊total/P⌋, one more for the first total mod P partitions. */
export function shareOf(total: number, partition: Partition): number {
  return Math.floor(total / partition.count) + (partition.index < total % partition.count ? 1 : 0);
}

/** Does user `index` belong to the partition? */
export function ownsUser(partition: Partition, userIndex: number): boolean {
  return userIndex % partition.count === partition.index;
}

/** `2/4` style label (1-based) for messages and the aimon.partition metric attribute. */
export function partitionLabel(partition: Partition): string {
  return `${partition.index + 1}/${partition.count}`;
}

/** The partition's share of a schedule: its slot j is the schedule's slot p + j·P. */
export function partitionScheduler(inner: Scheduler, partition: Partition): Scheduler {
  if (partition.count === 1) return inner;
  const { index, count } = partition;
  return {
    endMs: inner.endMs,
    dueAtMs: (slot) => inner.dueAtMs(index + slot * count),
    ...(inner.loadOf ? { loadOf: (slot: number) => inner.loadOf!(index + slot * count) } : {}),
    targetRateAt: (offsetMs) => {
      const rate = inner.targetRateAt(offsetMs);
      return rate === null ? null : rate / count;
    },
  };
}
