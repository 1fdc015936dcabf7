/**
 * The record generator runs in a worker thread by default (built code only: dist/simulator/generate/generator-worker.js)
 * and in the caller's thread otherwise. Same seed → same content and the same ledger, whichever thread built it.
 */
import { describe, expect, it } from 'vitest';
import { walkLogRecords } from '../support/pure/otlp-wire-walk.js';
import { decodeLogsRequest } from '../support/pure/otlp-protos.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../../cli/options/simulate-flags.js';
import { InMemorySink } from '../../simulator/sinks/in-memory-sink.js';

type RunSimulation = typeof import('../../simulator/run-simulation.js').runSimulation;
const built = new URL('../../dist/simulator/run-simulation.js', import.meta.url).href;

/** Time-independent content in seq order: event name, attribute keys, and values that do not derive from the clock. */
function content(sink: InMemorySink): string[] {
  const out: Array<[number, string]> = [];
  for (const { signal, payload } of sink.sent) {
    if (signal !== 'logs') continue;
    const seqs: number[] = [];
    walkLogRecords(payload, (_run, seq) => seqs.push(seq!));
    const req = decodeLogsRequest(payload);
    let i = 0;
    for (const rl of req.resourceLogs as Array<{
      scopeLogs: Array<{
        logRecords: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }> }>;
      }>;
    }>)
      for (const sl of rl.scopeLogs)
        for (const r of sl.logRecords) {
          const keep = ['event.name', 'model', 'tool_name', 'user.id', 'input_tokens', 'decision'];
          const shown = r.attributes.map((a) =>
            keep.includes(a.key) ? `${a.key}=${JSON.stringify(a.value)}` : a.key,
          );
          out.push([seqs[i++]!, shown.join(',')]);
        }
  }
  return out.sort((a, b) => a[0] - b[0]).map(([seq, text]) => `${seq} ${text}`);
}

describe('record generator thread', () => {
  it('builds the same records and ledger in a worker thread as in the calling thread', async () => {
    const { runSimulation } = (await import(built)) as { runSimulation: RunSimulation };
    const run = async (generatorThread: 'worker' | 'main') => {
      const config = await resolveSimulationConfig({
        scenario: 'smoke',
        rate: '2000/s',
        count: '1500',
        endpoint: '127.0.0.1:1',
        runId: `thread-${generatorThread}`,
        seed: '7',
        batchSize: '100',
      });
      const sink = new InMemorySink();
      const result = await runSimulation(config, { sink, generatorThread });
      return { result, records: content(sink) };
    };
    const worker = await run('worker');
    const main = await run('main');
    expect(worker.records).toHaveLength(1500);
    expect(worker.records).toEqual(main.records);
    const ledger = (r: typeof worker) => {
      const l = r.result.ledger;
      const metricTotals: Record<string, number> = {};
      for (const m of l.metrics) metricTotals[m.name] = (metricTotals[m.name] ?? 0) + m.value;
      return {
        records: l.records,
        eventCounts: l.eventCounts,
        sessions: l.sessions,
        users: l.users,
        expected: l.seq.expected,
        metricTotals,
      };
    };
    expect(ledger(worker)).toEqual(ledger(main));
    expect(worker.result.exitCode).toBe(0);
  }, 60_000);
});
