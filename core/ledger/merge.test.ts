import { describe, expect, it } from 'vitest';
import type { RunLedger } from './types.js';
import { mergeLedgers, requireWholeRun } from './merge.js';

function shard(
  index: number,
  count: number,
  seqs: [number, number],
  overrides: Partial<RunLedger> = {},
): RunLedger {
  const n = seqs[1] - seqs[0] + 1;
  return {
    schema: 'aimon.ledger/v1',
    runId: 'run-1',
    seed: 7,
    scenario: 'smoke',
    protocol: 'grpc',
    endpoint: `collector-${index}:4317`,
    runTags: true,
    temporality: 'delta',
    promptsLogged: false,
    window: { startMs: 1000 * index, endMs: 5000 + 1000 * index },
    rate: { targetPerSec: 50, achievedPerSec: 49 },
    records: { scheduled: n, sent: n, acknowledged: n, failed: 0, missed: 0, withheld: 0, duplicated: 0 },
    seq: { first: seqs[0], last: seqs[1], expected: [seqs], failed: [], withheld: [], duplicated: [] },
    eventCounts: { 'claude_code.api_request': n },
    breakdowns: [
      {
        id: 'b',
        title: 'b',
        agent: 'claude_code',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'count_uniq',
        field: 'session.id',
        values: { m: index + 1 },
      },
    ],
    sessions: { claude_code: 2, codex: 1 },
    users: { claude_code: 1, codex: 1 },
    metrics: [
      {
        agent: 'claude_code',
        name: 'claude_code.cost.usage',
        unit: 'USD',
        kind: 'sum',
        temporality: 'delta',
        attributes: { 'aimon.partition': `${index + 1}/${count}` },
        resource: {},
        value: 1.5,
      },
    ],
    timeline: [{ second: 10, scheduled: n, sent: n, acknowledged: n, failed: 0, missed: 0 }],
    partitions: { count, indices: [index] },
    ...overrides,
  };
}

describe('mergeLedgers', () => {
  it('adds up the shards of one run', () => {
    const merged = mergeLedgers([
      { ledger: shard(0, 2, [0, 99]), source: 'a.json' },
      { ledger: shard(1, 2, [4096, 4195]), source: 'b.json' },
    ]);
    expect(merged.records.acknowledged).toBe(200);
    expect(merged.seq).toMatchObject({
      first: 0,
      last: 4195,
      expected: [
        [0, 99],
        [4096, 4195],
      ],
    });
    expect(merged.eventCounts).toEqual({ 'claude_code.api_request': 200 });
    expect(merged.breakdowns[0]!.values).toEqual({ m: 3 });
    expect(merged.sessions).toEqual({ claude_code: 4, codex: 2 });
    expect(merged.metrics).toHaveLength(2);
    expect(merged.timeline).toEqual([
      { second: 10, scheduled: 200, sent: 200, acknowledged: 200, failed: 0, missed: 0 },
    ]);
    expect(merged.window).toEqual({ startMs: 0, endMs: 6000 });
    expect(merged.rate).toEqual({ targetPerSec: 100, achievedPerSec: 98 });
    expect(merged.endpoint).toBe('collector-0:4317, collector-1:4317');
    expect(merged.partitions).toEqual({ count: 2, indices: [0, 1] });
    expect(() => requireWholeRun(merged, 'the ledgers')).not.toThrow();
  });

  it('joins adjacent seq ranges into one, whatever order the shards come in', () => {
    const merged = mergeLedgers([
      { ledger: shard(1, 2, [100, 199]), source: 'b.json' },
      { ledger: shard(0, 2, [0, 99]), source: 'a.json' },
    ]);
    expect(merged.seq.expected).toEqual([[0, 199]]);
    expect(merged.partitions).toEqual({ count: 2, indices: [0, 1] });
  });

  it('refuses the same shard twice, other runs, other partition counts and overlapping seqs, in one line', () => {
    const a = { ledger: shard(0, 2, [0, 99]), source: 'a.json' };
    expect(() => mergeLedgers([a, { ...a, source: 'a-again.json' }])).toThrow(
      "a.json and a-again.json both cover partition 1 of 2 of run run-1: the same shard's ledger given twice?",
    );
    expect(() =>
      mergeLedgers([a, { ledger: shard(1, 2, [4096, 4100], { runId: 'run-2' }), source: 'b.json' }]),
    ).toThrow(
      /^b\.json has run id "run-2" but a\.json has "run-1": only ledgers of one run's shards can be merged$/,
    );
    expect(() => mergeLedgers([a, { ledger: shard(1, 3, [4096, 4100]), source: 'b.json' }])).toThrow(
      /partition count \(shards × threads\) 3 but a\.json has 2/,
    );
    expect(() => mergeLedgers([a, { ledger: shard(1, 2, [50, 150]), source: 'b.json' }])).toThrow(
      'a.json and b.json overlap: both hold aimon.seq 50-99',
    );
    const whole = { ledger: shard(0, 1, [0, 9], { partitions: undefined }), source: 'whole.json' };
    expect(() => mergeLedgers([whole, { ...whole, source: 'copy.json' }])).toThrow(
      /both cover partition 1 of 1/,
    );
  });

  it('refuses a ledger that covers only part of its run', () => {
    expect(() => requireWholeRun(shard(1, 2, [4096, 4100]), '--ledger b.json')).toThrow(
      /^--ledger b\.json covers only part of run run-1: partition 1\/2 missing/,
    );
    expect(() => requireWholeRun(shard(0, 1, [0, 9], { partitions: undefined }), '--ledger x')).not.toThrow();
  });
});
