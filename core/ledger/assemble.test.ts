import { describe, expect, it } from 'vitest';
import { assembleLedger, type LedgerInputs } from './assemble.js';
import { RecordExpectations } from './record-expectations.js';
import { Timeline } from './timeline.js';

function inputs(overrides: Partial<LedgerInputs> = {}): LedgerInputs {
  const expectations = new RecordExpectations({});
  for (const [i, event] of ['codex.sse_event', 'claude_code.api_request', 'codex.sse_event'].entries())
    expectations.add({
      agent: event.startsWith('codex') ? 'codex' : 'claude_code',
      eventName: event,
      attributes: [
        ['session.id', { s: `s${i}` }],
        ['conversation.id', { s: `c${i}` }],
        ['user.id', { s: 'u' }],
      ],
    });
  const timeline = new Timeline();
  timeline.add(5_000, 'sent', 3);
  return {
    run: {
      runId: 'r',
      seed: 3,
      scenario: 'smoke',
      protocol: 'grpc',
      endpoint: '127.0.0.1:4317',
      runTags: true,
      temporality: 'delta',
      promptsLogged: false,
    },
    targetPerSec: 50,
    partition: { index: 0, count: 1 },
    startedMs: 1_000,
    endedMs: 61_000,
    window: { startMs: 1_200, endMs: 60_500 },
    sent: 6,
    acknowledged: 4,
    failed: 2,
    scheduled: 8,
    missed: 0,
    withheld: 2,
    duplicated: 0,
    seqBounds: { first: 0, last: 7 },
    acknowledgedSeq: [
      [4, 5],
      [0, 1],
    ],
    failedSeq: [[6, 7]],
    withheldSeq: [[2, 3]],
    duplicatedSeq: [],
    expectations,
    timeline,
    metrics: [],
    load: { model: 'rate', timeScale: null },
    ...overrides,
  };
}

describe('assembleLedger', () => {
  it('lays out the ledger in the file order simulate has always written', () => {
    const ledger = assembleLedger(inputs());
    expect(Object.keys(ledger)).toEqual([
      'schema',
      'runId',
      'seed',
      'scenario',
      'protocol',
      'endpoint',
      'runTags',
      'temporality',
      'promptsLogged',
      'window',
      'rate',
      'records',
      'seq',
      'eventCounts',
      'breakdowns',
      'sessions',
      'users',
      'metrics',
      'timeline',
      'load',
    ]);
    const alerts = assembleLedger(
      inputs({
        run: { ...inputs().run, expectedAlerts: [{ alert: 'A' }] },
        partition: { index: 1, count: 4 },
      }),
    );
    expect(Object.keys(alerts).slice(3, 5)).toEqual(['scenario', 'expectedAlerts']);
    expect(alerts.partitions).toEqual({ count: 4, indices: [1] });
  });

  it('expects acknowledged plus withheld seqs, keeps failed apart, and counts rate and churn over the run', () => {
    const ledger = assembleLedger(inputs());
    expect(ledger.seq).toEqual({
      first: 0,
      last: 7,
      expected: [[0, 5]],
      failed: [[6, 7]],
      withheld: [[2, 3]],
      duplicated: [],
    });
    expect(ledger.rate).toEqual({ targetPerSec: 50, achievedPerSec: 0.1 });
    expect(ledger.eventCounts).toEqual({ 'claude_code.api_request': 1, 'codex.sse_event': 2 });
    expect(Object.keys(ledger.eventCounts)).toEqual(['claude_code.api_request', 'codex.sse_event']);
    expect(ledger.sessions).toEqual({ claude_code: 1, codex: 2 });
    expect(ledger.timeline).toEqual([
      { second: 5, scheduled: 0, sent: 3, acknowledged: 0, failed: 0, missed: 0 },
    ]);
    expect(ledger.load).toEqual({
      model: 'rate',
      timeScale: null,
      durationMs: 60_000,
      sessions: 3,
      metricSeries: 0,
      sessionsPerMin: 3,
      seriesPerMin: 0,
    });
  });

  it('a run that built nothing: empty seq range, window at its start, no rate', () => {
    const ledger = assembleLedger(
      inputs({ window: {}, endedMs: 1_000, sent: 0, acknowledgedSeq: [], failedSeq: [], withheldSeq: [] }),
    );
    const { seqBounds: _none, ...rest } = inputs();
    const empty = assembleLedger({ ...rest, acknowledgedSeq: [], failedSeq: [], withheldSeq: [] });
    expect(empty.seq).toMatchObject({ first: 0, last: -1, expected: [] });
    expect(ledger.window).toEqual({ startMs: 1_000, endMs: 1_000 });
    expect(ledger.rate.achievedPerSec).toBe(0);
  });
});
