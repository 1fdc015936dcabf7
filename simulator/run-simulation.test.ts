import { describe, expect, it } from 'vitest';
import { countMetricPoints, walkLogRecords } from '../test/support/pure/otlp-wire-walk.js';
import { decodeLogsRequest, decodeMetricsRequest } from '../test/support/pure/otlp-protos.js';
import { runSimulation } from './run-simulation.js';
import { InMemorySink } from './sinks/in-memory-sink.js';
import type { SinkResult } from './sinks/sink.js';
import { fakeClaudeModel } from '../test/support/pure/fake-agent-model.js';
import { testConfig } from '../test/support/pure/simulation-test-config.js';

const models = { agentModelFactories: { claude_code: fakeClaudeModel } };

function sentSeqs(sink: InMemorySink): number[] {
  const seqs: number[] = [];
  for (const { signal, payload } of sink.sent)
    if (signal === 'logs') walkLogRecords(payload, (_run, seq) => seqs.push(seq!));
  return seqs;
}

/** Log records as sent, with timestamps and event.sequence-independent fields only. */
function contentWithoutTimes(sink: InMemorySink): unknown[] {
  return sink.sent
    .filter((s) => s.signal === 'logs')
    .flatMap((s) => {
      const req = decodeLogsRequest(s.payload);
      return (req.resourceLogs ?? []).flatMap((rl) =>
        (rl.scopeLogs ?? []).flatMap((sl) =>
          (sl.logRecords ?? []).map(({ timeUnixNano: _a, observedTimeUnixNano: _b, ...rest }) => ({
            resource: rl.resource,
            ...rest,
          })),
        ),
      );
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('runSimulation', () => {
  it('sends every record once with dense aimon.seq and fills the ledger from acknowledged records', async () => {
    const sink = new InMemorySink();
    const result = await runSimulation(testConfig({ count: 100 }), { ...models, sink });
    expect(result.exitCode).toBe(0);
    expect(sentSeqs(sink).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const l = result.ledger;
    expect(l.records).toEqual({
      scheduled: 100,
      sent: 100,
      acknowledged: 100,
      failed: 0,
      missed: 0,
      withheld: 0,
      duplicated: 0,
    });
    expect(l.seq).toEqual({
      first: 0,
      last: 99,
      expected: [[0, 99]],
      failed: [],
      withheld: [],
      duplicated: [],
    });
    expect(l.eventCounts).toEqual({ 'claude_code.api_request': 50, 'claude_code.user_prompt': 50 });
    const byModel = l.breakdowns.find((b) => b.id === 'fake.count.by_model')!;
    expect(Object.values(byModel.values).reduce((a, b) => a + b, 0)).toBe(50);
    const tokens = l.breakdowns.find((b) => b.id === 'fake.tokens.by_model')!;
    const tokenMetric = l.metrics
      .filter((m) => m.name === 'claude_code.token.usage')
      .reduce((a, m) => a + m.value, 0);
    expect(Object.values(tokens.values).reduce((a, b) => a + b, 0)).toBe(tokenMetric);
    const hist = l.metrics.filter((m) => m.name === 'fake.duration');
    expect(hist.reduce((a, m) => a + m.count!, 0)).toBe(50);
    expect(hist.every((m) => m.bucketCounts!.reduce((a, b) => a + b, 0) === m.count)).toBe(true);
    expect(l.metrics.every((m) => m.attributes['aimon.run_id'] === 'test-run')).toBe(true);
    expect(l.sessions.claude_code).toBeGreaterThan(0);
    expect(l.users.claude_code).toBeLessThanOrEqual(3);
    expect(l.timeline.reduce((a, p) => a + p.acknowledged, 0)).toBe(100);
    expect(l.window.endMs).toBeGreaterThanOrEqual(l.window.startMs);
  });

  it('counts every record as failed when the endpoint keeps failing, and exits non-zero', async () => {
    const sink = new InMemorySink(() => ({ status: 'retryable', error: 'gRPC UNAVAILABLE: down' }));
    const result = await runSimulation(testConfig({ count: 40 }), { ...models, sink });
    expect(result.exitCode).toBe(1);
    expect(result.ledger.records).toMatchObject({ sent: 40, acknowledged: 0, failed: 40 });
    expect(result.retried).toBe(40);
    expect(result.ledger.seq.failed).toEqual([[0, 39]]);
    expect(result.ledger.seq.expected).toEqual([]);
    expect(result.ledger.eventCounts).toEqual({});
    expect(result.ledger.metrics).toEqual([]);
    expect(Object.keys(result.errors)).toContain('gRPC UNAVAILABLE: down (gave up after retrying for 100ms)');
  });

  it('excludes the records of a failed request from every expectation', async () => {
    // Logs requests alternate ok / permanent failure; metrics always succeed.
    let logCalls = 0;
    const sink = new InMemorySink((signal): SinkResult => {
      if (signal === 'metrics') return { status: 'ok', rejected: 0 };
      return logCalls++ % 2 === 0 ? { status: 'ok', rejected: 0 } : { status: 'failed', error: 'HTTP 400' };
    });
    const result = await runSimulation(testConfig({ count: 64, maxBatchSize: 16, maxInFlight: 1 }), {
      ...models,
      sink,
    });
    const l = result.ledger;
    expect(l.records.acknowledged + l.records.failed).toBe(64);
    expect(l.records.failed).toBeGreaterThan(0);
    expect(Object.values(l.eventCounts).reduce((a, b) => a + b, 0)).toBe(l.records.acknowledged);
    const expectedCount = l.seq.expected.reduce((a, [x, y]) => a + y - x + 1, 0);
    expect(expectedCount).toBe(l.records.acknowledged);
    expect(result.exitCode).toBe(1);
  });

  it('withholds and duplicates the seq ranges asked for (fault injection)', async () => {
    const sink = new InMemorySink();
    const result = await runSimulation(
      testConfig({
        count: 50,
        faults: {
          withhold: [
            [10, 19],
            [25, 25],
          ],
          duplicate: [[3, 4]],
        },
      }),
      { ...models, sink },
    );
    const seqs = sentSeqs(sink);
    expect(seqs.filter((s) => s >= 10 && s <= 19)).toEqual([]);
    expect(seqs).not.toContain(25);
    expect(seqs.filter((s) => s === 3)).toHaveLength(2);
    expect(seqs.filter((s) => s === 4)).toHaveLength(2);
    const l = result.ledger;
    expect(l.records).toMatchObject({
      scheduled: 50,
      sent: 39,
      acknowledged: 39,
      withheld: 11,
      duplicated: 2,
    });
    expect(l.seq.withheld).toEqual([
      [10, 19],
      [25, 25],
    ]);
    expect(l.seq.duplicated).toEqual([[3, 4]]);
    expect(l.seq.expected).toEqual([[0, 49]]);
    expect(Object.values(l.eventCounts).reduce((a, b) => a + b, 0)).toBe(50);
    expect(result.exitCode).toBe(0);
  });

  it('reproduces the same content for the same seed (timestamps aside), and different content for another', async () => {
    const run = async (seed: number): Promise<unknown[]> => {
      const sink = new InMemorySink();
      const config = testConfig({ count: 60, seed });
      await runSimulation(
        {
          ...config,
          profiles: { ...config.profiles, claude_code: { ...config.profiles.claude_code, seed } },
        },
        { ...models, sink },
      );
      return contentWithoutTimes(sink);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('exports delta metrics with chained start times whose sum is the ledger value', async () => {
    const sink = new InMemorySink();
    const config = testConfig({
      count: undefined,
      stages: [{ durationMs: 600, targetPerSec: 200 }],
      durationMs: 600,
      metricIntervalMs: 100,
      maxBatchSize: 8,
    });
    const result = await runSimulation(config, { ...models, sink });
    const points = new Map<string, Array<{ start: bigint; end: bigint; value: number }>>();
    for (const { signal, payload } of sink.sent) {
      if (signal !== 'metrics') continue;
      const req = decodeMetricsRequest(payload);
      // The bench sink's structural point count agrees with the full decode.
      let decodedPoints = 0;
      for (const rm of req.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? [])
          for (const m of sm.metrics ?? [])
            decodedPoints += (m.sum?.dataPoints?.length ?? 0) + (m.histogram?.dataPoints?.length ?? 0);
      expect(countMetricPoints(payload)).toBe(decodedPoints);
      expect(() => countMetricPoints(payload.subarray(0, payload.length - 3))).toThrow();
      for (const rm of req.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? [])
          for (const m of sm.metrics ?? []) {
            if (!m.sum) continue;
            expect(m.sum.aggregationTemporality).toBe(1);
            for (const dp of m.sum.dataPoints ?? []) {
              const key = `${JSON.stringify(rm.resource)}${m.name}${JSON.stringify(dp.attributes)}`;
              const list = points.get(key) ?? [];
              list.push({
                start: BigInt(dp.startTimeUnixNano!),
                end: BigInt(dp.timeUnixNano!),
                value: dp.asDouble!,
              });
              points.set(key, list);
            }
          }
    }
    expect(points.size).toBeGreaterThan(0);
    let chained = 0;
    for (const list of points.values()) {
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.start).toBe(list[i - 1]!.end);
        chained++;
      }
    }
    expect(chained).toBeGreaterThan(0);
    const sentTotal = [...points.values()].flat().reduce((a, p) => a + p.value, 0);
    const ledgerTotal = result.ledger.metrics
      .filter((m) => m.name === 'claude_code.token.usage')
      .reduce((a, m) => a + m.value, 0);
    expect(sentTotal).toBe(ledgerTotal);
  });

  it('counts records it could not queue on time as missed instead of delaying them', async () => {
    let first = true;
    const sink = new InMemorySink();
    const slow = Object.assign(Object.create(sink) as InMemorySink, {
      async send(signal: 'logs' | 'metrics', payload: Buffer): Promise<SinkResult> {
        if (signal === 'logs' && first) {
          first = false;
          await new Promise((r) => setTimeout(r, 700));
        }
        return sink.send(signal, payload);
      },
    });
    const config = testConfig({
      count: undefined,
      stages: [{ durationMs: 1000, targetPerSec: 200 }],
      durationMs: 1000,
      maxInFlight: 1,
      maxQueuedRecords: 0, // no queue: records wait for the one request slot
      missAfterMs: 100,
    });
    const result = await runSimulation(config, { ...models, sink: slow });
    const r = result.ledger.records;
    expect(r.missed).toBeGreaterThan(0);
    expect(r.scheduled).toBe(200);
    expect(r.acknowledged + r.missed).toBe(200);
    expect(result.ledger.timeline.reduce((a, p) => a + p.missed, 0)).toBe(r.missed);
    expect(result.ledger.seq.last + 1).toBe(r.acknowledged);
    expect(result.exitCode).toBe(1);
  });
});
