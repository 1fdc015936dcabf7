import { describe, expect, it } from 'vitest';
import {
  ownsUser,
  parseShard,
  parseThreads,
  partitionOfSeq,
  partitionScheduler,
  partitionsOfShard,
  partitionSeed,
  seqOf,
  seqRangesOf,
  shareOf,
  SEQ_CHUNK,
  type Partition,
} from './partition.js';
import { RampingRateScheduler } from './schedule/scheduler.js';

const partitions = (count: number): Partition[] =>
  Array.from({ length: count }, (_, index) => ({ index, count }));

describe('partitions', () => {
  it('parses --shard i/n (1-based) and --threads, with one-line errors', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad)).toThrow(/--shard ".*" is not a shard \(expected i\/n/);
    expect(parseThreads('2')).toBe(2);
    expect(() => parseThreads('0')).toThrow(/--threads "0" is not a thread count/);
  });

  it('gives shard i/n with t threads partitions (i−1)·t … i·t−1 of n·t', () => {
    expect(partitionsOfShard({ index: 2, count: 3 }, 2)).toEqual([
      { index: 2, count: 6 },
      { index: 3, count: 6 },
    ]);
    expect(partitionsOfShard({ index: 1, count: 1 }, 1)).toEqual([{ index: 0, count: 1 }]);
  });

  it('gives every partition a disjoint seq space whose union is dense up to the last chunk', () => {
    for (const count of [1, 2, 3, 5]) {
      const seen = new Map<number, number>();
      const clashes: number[] = [];
      const misplaced: number[] = [];
      const per = 2 * SEQ_CHUNK + 17;
      for (const p of partitions(count)) {
        const seqs = Array.from({ length: per }, (_, n) => seqOf(p, n));
        for (const seq of seqs) {
          if (seen.has(seq)) clashes.push(seq);
          seen.set(seq, p.index);
          if (partitionOfSeq(seq, count) !== p.index) misplaced.push(seq);
        }
        // The ranges the ledger writes are exactly those seqs.
        const fromRanges = seqRangesOf(p, per).flatMap(([a, b]) =>
          Array.from({ length: b - a + 1 }, (_, i) => a + i),
        );
        expect(fromRanges).toEqual(seqs);
      }
      expect(clashes).toEqual([]);
      expect(misplaced).toEqual([]);
      // Every seq below the partitions' full chunks is taken.
      const holes = Array.from({ length: 2 * SEQ_CHUNK * count }, (_, seq) => seq).filter(
        (seq) => !seen.has(seq),
      );
      expect(holes).toEqual([]);
    }
    expect(seqOf({ index: 0, count: 1 }, 12345)).toBe(12345);
  });

  it('splits the schedule slot by slot: each partition runs at 1/P of the rate and together they are the schedule', () => {
    const inner = new RampingRateScheduler([{ durationMs: 2000, targetPerSec: 1000 }]);
    const all: number[] = [];
    for (const p of partitions(3)) {
      const s = partitionScheduler(inner, p);
      expect(s.targetRateAt(500)).toBeCloseTo(1000 / 3, 9);
      let slot = 0;
      for (let due = s.dueAtMs(slot); due !== undefined; due = s.dueAtMs(++slot)) all.push(due);
      expect(Math.abs(slot - 2000 / 3)).toBeLessThanOrEqual(1);
    }
    const whole: number[] = [];
    for (let slot = 0, due = inner.dueAtMs(0); due !== undefined; due = inner.dueAtMs(++slot))
      whole.push(due);
    expect(all.sort((a, b) => a - b)).toEqual(whole);
  });

  it('gives each partition disjoint users and its share of the sessions', () => {
    for (const count of [1, 2, 3]) {
      const owners = Array.from(
        { length: 10 },
        (_, u) => partitions(count).filter((p) => ownsUser(p, u)).length,
      );
      expect(owners).toEqual(Array(10).fill(1));
      expect(partitions(count).reduce((n, p) => n + shareOf(7, p), 0)).toBe(7);
      expect(
        partitions(count)
          .map((p) => shareOf(7, p))
          .every((n) => n >= Math.floor(7 / count)),
      ).toBe(true);
    }
  });

  it('keeps the seed for one partition and derives distinct seeds for several', () => {
    expect(partitionSeed(42, { index: 0, count: 1 })).toBe(42);
    const seeds = new Set([...partitions(4), ...partitions(2)].map((p) => partitionSeed(42, p)));
    expect(seeds.size).toBe(6);
  });
});
