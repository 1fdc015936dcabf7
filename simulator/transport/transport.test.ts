import { describe, expect, it } from 'vitest';
import { StackError } from '../../core/errors.js';
import { systemClock } from '../clock.js';
import type { LogBatch } from '../generate/generator-protocol.js';
import type { Signal, Sink, SinkResult } from '../sinks/sink.js';
import { Delivery } from './delivery.js';
import { LogExportQueue } from './log-export-queue.js';
import { MetricExportChain } from './metric-export-chain.js';
import { PendingSends } from './pending-sends.js';
import { requireReceiver } from './require-receiver.js';

/** A receiver whose answers the test gives: each send waits until answered. */
class ScriptedSink implements Sink {
  readonly protocol = 'http' as const;
  readonly endpoint = 'http://127.0.0.1:1';
  readonly payloadFormat = 'protobuf' as const;
  readonly sent: Array<{ signal: Signal; payload: string; answer: (r: SinkResult) => void }> = [];
  closed = false;
  probeAnswer: string | undefined;
  send(signal: Signal, payload: Buffer | string): Promise<SinkResult> {
    return new Promise((answer) => this.sent.push({ signal, payload: String(payload), answer }));
  }
  probe(): Promise<string | undefined> {
    return Promise.resolve(this.probeAnswer);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const ok: SinkResult = { status: 'ok', rejected: 0 };
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

function delivery(sink: Sink, retryForMs = 60_000): Delivery {
  return new Delivery(sink, {
    retry: { retryForMs, initialBackoffMs: 1, maxBackoffMs: 2 },
    exportTimeoutMs: 1000,
    clock: systemClock,
    jitter: () => 0.5,
  });
}

function batch(id: number, records = 10): LogBatch {
  return {
    id,
    payload: `logs-${id}`,
    records,
    duplicates: 0,
    seqRanges: [[id * records, id * records + records - 1]],
    seconds: [],
    expectations: {
      eventCounts: [],
      breakdowns: [],
      sessions: { claude_code: [], codex: [] },
      users: { claude_code: [], codex: [] },
    },
  };
}

describe('transport', () => {
  it('requireReceiver stops the run (StackError, exit 3) and closes the sink when nothing answers', async () => {
    const sink = new ScriptedSink();
    await expect(requireReceiver(sink)).resolves.toBeUndefined();
    sink.probeAnswer = 'ECONNREFUSED';
    const error = await requireReceiver(sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as Error).message).toMatch(
      /^nothing answers at http http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    );
    expect(sink.closed).toBe(true);
  });

  it('log requests go out at most maxInFlight at once, in order, and settle with their counts', async () => {
    const sink = new ScriptedSink();
    const pending = new PendingSends();
    const settled: number[] = [];
    const queue = new LogExportQueue(delivery(sink), pending, systemClock, 2, (b) => settled.push(b.id));
    for (let id = 0; id < 5; id++) queue.push(batch(id));
    await tick();
    expect(sink.sent.map((s) => s.payload)).toEqual(['logs-0', 'logs-1']);
    expect([queue.inFlight, queue.waitingRecords, queue.queuedRecords]).toEqual([5, 50, 30]);
    sink.sent[1]!.answer(ok);
    await tick();
    expect(sink.sent.map((s) => s.payload)).toEqual(['logs-0', 'logs-1', 'logs-2']);
    for (let i = 0; i < 5; i++) {
      for (const s of sink.sent) s.answer(ok);
      await tick();
    }
    await pending.settled();
    expect(settled).toEqual([1, 0, 2, 3, 4]);
    expect([queue.inFlight, queue.waitingRecords, queue.queuedRecords]).toEqual([0, 0, 0]);
  });

  it('a retryable failure is retried until answered; the retry is reported once', async () => {
    const sink = new ScriptedSink();
    const retried: boolean[] = [];
    const queue = new LogExportQueue(delivery(sink), new PendingSends(), systemClock, 1, (_b, result, r) => {
      retried.push(r);
      expect(result).toEqual(ok);
    });
    queue.push(batch(0));
    await tick();
    sink.sent[0]!.answer({ status: 'retryable', error: 'HTTP 503' });
    await tick();
    sink.sent[1]!.answer({ status: 'retryable', error: 'HTTP 503' });
    await tick();
    expect(sink.sent).toHaveLength(3);
    sink.sent[2]!.answer(ok);
    await tick();
    expect(retried).toEqual([true]);
  });

  it('with no retry time a retryable failure fails at once', async () => {
    const sink = new ScriptedSink();
    const d = delivery(sink, 0);
    const result = d.deliver('logs', 'x', systemClock.nowMs(), () => undefined);
    await tick();
    sink.sent[0]!.answer({ status: 'retryable', error: 'HTTP 503' });
    expect(await result).toEqual({ status: 'retryable', error: 'HTTP 503' });
    expect(d.outage(systemClock.nowMs())).toMatchObject({ error: 'HTTP 503' });
  });

  it('metric requests go one at a time, in order, and count points acknowledged and failed', async () => {
    const sink = new ScriptedSink();
    const pending = new PendingSends();
    const order: number[] = [];
    const chain = new MetricExportChain(delivery(sink), pending, systemClock, (id) => order.push(id));
    chain.push(1, 'm-1', 3);
    chain.push(2, 'm-2', 4);
    await tick();
    expect(sink.sent.map((s) => s.payload)).toEqual(['m-1']);
    sink.sent[0]!.answer({ status: 'failed', error: 'HTTP 400' });
    await tick();
    expect(sink.sent.map((s) => s.payload)).toEqual(['m-1', 'm-2']);
    sink.sent[1]!.answer(ok);
    await pending.settled();
    expect(order).toEqual([1, 2]);
    expect(chain.stats).toEqual({ requests: 2, points: 7, acknowledgedPoints: 4, failedPoints: 3 });
  });
});
