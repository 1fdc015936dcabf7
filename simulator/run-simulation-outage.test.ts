/** The transport through receiver outages: queued and retried, failed at the deadline, failed fast at the start. */
import { describe, expect, it } from 'vitest';
import { StackError } from '../core/errors.js';
import { walkLogRecords } from '../test/support/pure/otlp-wire-walk.js';
import { runSimulation, type SimulationProgress } from './run-simulation.js';
import { InMemorySink } from './sinks/in-memory-sink.js';
import type { Signal, Sink, SinkResult } from './sinks/sink.js';
import { fakeClaudeModel } from '../test/support/pure/fake-agent-model.js';
import { testConfig } from '../test/support/pure/simulation-test-config.js';

const models = { agentModelFactories: { claude_code: fakeClaudeModel } };
const ok: SinkResult = { status: 'ok', rejected: 0 };
const down: SinkResult = { status: 'retryable', error: 'gRPC UNAVAILABLE: down' };

/** A receiver that can be switched off: every request fails with `whileDown` until it is switched back on. */
class SwitchableSink implements Sink {
  readonly protocol = 'grpc' as const;
  readonly endpoint = 'switchable';
  readonly payloadFormat = 'protobuf' as const;
  down = false;
  attempts = { logs: 0, metrics: 0 };
  /** aimon.seq of every record in an acknowledged logs request. */
  readonly ackedSeqs: number[] = [];
  metricsConcurrent = 0;
  metricsMaxConcurrent = 0;
  private downAt = 0;
  /** Requests in progress that started once the receiver had been down 100 ms (after the first wave). */
  private lateConcurrent = 0;
  lateMaxConcurrent = 0;
  setDown(down: boolean): void {
    this.down = down;
    this.downAt = Date.now();
  }
  constructor(private readonly whileDown: SinkResult = down) {}
  async send(signal: Signal, payload: Buffer | string): Promise<SinkResult> {
    this.attempts[signal]++;
    if (this.down && Date.now() - this.downAt > 100) {
      this.lateMaxConcurrent = Math.max(this.lateMaxConcurrent, ++this.lateConcurrent);
      await new Promise((r) => setTimeout(r, 10));
      this.lateConcurrent--;
    }
    if (signal === 'metrics') {
      this.metricsMaxConcurrent = Math.max(this.metricsMaxConcurrent, ++this.metricsConcurrent);
      await new Promise((r) => setTimeout(r, 2));
      this.metricsConcurrent--;
    }
    if (this.down) return this.whileDown;
    if (signal === 'logs') walkLogRecords(payload as Buffer, (_run, seq) => this.ackedSeqs.push(seq!));
    return ok;
  }
  async close(): Promise<void> {}
}

/** 400 records at 400/s: a one-second open-model run. */
const timedRun = (retryForMs: number) =>
  testConfig({
    count: undefined,
    stages: [{ durationMs: 1000, targetPerSec: 400 }],
    durationMs: 1000,
    retry: { retryForMs, initialBackoffMs: 20, maxBackoffMs: 100 },
  });

describe('runSimulation through an outage', () => {
  it('queues and retries while the receiver is down, then delivers every record: 0 failed, 0 missed', async () => {
    const sink = new SwitchableSink();
    const progress: SimulationProgress[] = [];
    setTimeout(() => sink.setDown(true), 200);
    setTimeout(() => sink.setDown(false), 900); // down 0.7 s, longer than missAfterMs would allow unqueued
    const result = await runSimulation(
      { ...timedRun(5000), missAfterMs: 300 },
      { ...models, sink, onProgress: (p) => progress.push(p), progressIntervalMs: 50 },
    );
    const r = result.ledger.records;
    expect(r).toMatchObject({ scheduled: 400, sent: 400, acknowledged: 400, failed: 0, missed: 0 });
    expect(result.exitCode).toBe(0);
    expect(result.retried).toBeGreaterThan(0);
    expect(new Set(sink.ackedSeqs).size).toBe(400);
    expect(result.ledger.seq.expected).toEqual([[0, 399]]);
    expect(result.metricExports.failedPoints).toBe(0);
    const during = progress.filter((p) => p.outage !== null);
    expect(during.length).toBeGreaterThan(0);
    expect(during.at(-1)!.outage!.error).toBe('gRPC UNAVAILABLE: down');
    expect(Math.max(...during.map((p) => p.waiting))).toBeGreaterThan(100);
    expect(progress.at(-1)!.outage).toBeNull();
    expect(progress.at(-1)!.waiting).toBe(0);
    expect(sink.metricsMaxConcurrent).toBe(1); // metric exports stay in order
    expect(sink.lateMaxConcurrent).toBe(1); // while it is away, one request at a time probes the receiver
  });

  it('fails a batch once its retry deadline passes, and keeps it out of the ledger', async () => {
    const sink = new SwitchableSink();
    sink.down = true;
    const started = Date.now();
    const result = await runSimulation(
      testConfig({ count: 40, retry: { retryForMs: 300, initialBackoffMs: 20, maxBackoffMs: 50 } }),
      {
        ...models,
        sink,
      },
    );
    const elapsed = Date.now() - started;
    expect(result.ledger.records).toMatchObject({ sent: 40, acknowledged: 0, failed: 40 });
    expect(result.ledger.seq.failed).toEqual([[0, 39]]);
    expect(result.ledger.seq.expected).toEqual([]);
    expect(result.exitCode).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(3000);
    expect(sink.attempts.logs).toBeGreaterThan(3 * 3); // 3 batches of 16, each retried several times
    expect(Object.keys(result.errors)).toContain('gRPC UNAVAILABLE: down (gave up after retrying for 300ms)');
  });

  it('keeps acknowledged and failed apart when the outage outlasts --retry-for mid-run', async () => {
    const sink = new SwitchableSink();
    setTimeout(() => (sink.down = true), 200);
    setTimeout(() => (sink.down = false), 800);
    const result = await runSimulation({ ...timedRun(150), missAfterMs: 2000 }, { ...models, sink });
    const r = result.ledger.records;
    expect(r.failed).toBeGreaterThan(0);
    expect(r.acknowledged).toBeGreaterThan(0);
    expect(r.acknowledged + r.failed + r.missed).toBe(400);
    const acked = new Set(sink.ackedSeqs);
    expect(acked.size).toBe(r.acknowledged);
    const count = (ranges: Array<[number, number]>): number => ranges.reduce((a, [x, y]) => a + y - x + 1, 0);
    expect(count(result.ledger.seq.expected)).toBe(r.acknowledged);
    for (const [a, b] of result.ledger.seq.failed)
      for (let s = a; s <= b; s++) expect(acked.has(s)).toBe(false);
    expect(result.exitCode).toBe(1);
  });

  it('fails a permanent error at once, without retrying', async () => {
    const sink = new InMemorySink((signal) =>
      signal === 'logs' ? { status: 'failed', error: 'HTTP 400: bad request' } : ok,
    );
    const result = await runSimulation(
      testConfig({ count: 48, retry: { retryForMs: 60_000, initialBackoffMs: 20, maxBackoffMs: 50 } }),
      {
        ...models,
        sink,
      },
    );
    expect(result.ledger.records).toMatchObject({ acknowledged: 0, failed: 48 });
    expect(result.retried).toBe(0);
    expect(sink.sent.filter((s) => s.signal === 'logs')).toHaveLength(3); // 48 records in batches of 16: one try each
    expect(result.errors).toEqual({ 'HTTP 400: bad request': 3 });
  });

  it('waits as long as the server asks (Retry-After / RetryInfo) before the next try', async () => {
    const tries: number[] = [];
    const sink = new InMemorySink((signal) => {
      if (signal === 'metrics') return ok;
      tries.push(Date.now());
      return tries.length === 1 ? { status: 'retryable', error: 'HTTP 429: slow down', retryInMs: 300 } : ok;
    });
    const result = await runSimulation(
      testConfig({ count: 16, retry: { retryForMs: 5000, initialBackoffMs: 1, maxBackoffMs: 1 } }),
      {
        ...models,
        sink,
      },
    );
    expect(result.ledger.records.acknowledged).toBe(16);
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(290);
  });

  it('fails fast, before building anything, when nothing answers at the start', async () => {
    const sink = Object.assign(new InMemorySink(), {
      probe: async () => 'connect ECONNREFUSED 127.0.0.1:4317',
    });
    const run = runSimulation(testConfig({ count: 100 }), { ...models, sink });
    await expect(run).rejects.toThrow(StackError);
    await expect(run).rejects.toThrow(
      /nothing answers at grpc memory \(connect ECONNREFUSED 127\.0\.0\.1:4317\)/,
    );
    expect(sink.sent).toHaveLength(0);
  });
});
