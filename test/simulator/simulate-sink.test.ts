/** The engine against a real local OTLP receiver (gRPC and HTTP/protobuf), decoding every request. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackError } from '../../core/errors.js';
import { findFreePort } from '../../core/ports.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../../cli/options/simulate-flags.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { startOtlpSink, type OtlpSink } from '../support/live/otlp-sink.js';

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ keepRequests: true });
});
afterAll(async () => {
  await sink.close();
});

describe('simulate → local OTLP sink', () => {
  for (const protocol of ['grpc', 'http'] as const) {
    it(`${protocol}: sent == received, every seq once, ledger matches`, async () => {
      const runId = `sink-${protocol}-${Date.now()}`;
      const endpoint = protocol === 'grpc' ? sink.grpcEndpoint : sink.httpEndpoint;
      const config = await resolveSimulationConfig({
        scenario: 'smoke',
        rate: 'max',
        count: 3000,
        protocol,
        endpoint,
        runId,
        batchSize: 256,
      });
      const result = await runSimulation(config);
      expect(result.exitCode).toBe(0);
      const received = sink.run(runId);
      expect(received).toMatchObject({
        records: 3000,
        unique: 3000,
        duplicateRecords: 0,
        minSeq: 0,
        maxSeq: 2999,
      });
      expect(result.ledger.records.acknowledged).toBe(3000);
      expect(result.ledger.metrics.length).toBeGreaterThan(0);
      expect(sink.stats().metricPoints).toBeGreaterThan(0);
    });
  }

  it('fault injection reaches the wire: withheld seqs never arrive, duplicated ones arrive twice', async () => {
    const runId = `sink-faults-${Date.now()}`;
    const config = await resolveSimulationConfig({
      scenario: 'smoke',
      rate: 'max',
      count: 500,
      endpoint: sink.grpcEndpoint,
      runId,
      faultWithhold: '100-199,250',
      faultDuplicate: '7,300-301',
    });
    const result = await runSimulation(config);
    const received = sink.run(runId);
    expect(received.unique).toBe(500 - 101);
    expect(received.duplicateSeqs.sort((a, b) => a - b)).toEqual([7, 300, 301]);
    expect(result.ledger.seq.withheld).toEqual([
      [100, 199],
      [250, 250],
    ]);
    expect(result.ledger.seq.expected).toEqual([[0, 499]]);
  });

  it('fails fast with a StackError when nothing listens at the start', async () => {
    const port = await findFreePort();
    const config = await resolveSimulationConfig({
      scenario: 'smoke',
      rate: 'max',
      count: 200,
      endpoint: `127.0.0.1:${port}`,
      runId: 'down',
    });
    await expect(runSimulation(config)).rejects.toThrow(StackError);
    const http = await resolveSimulationConfig({
      scenario: 'smoke',
      rate: 'max',
      count: 200,
      protocol: 'http',
      endpoint: `http://127.0.0.1:${port}`,
      runId: 'down',
    });
    await expect(runSimulation(http)).rejects.toThrow(
      /nothing answers at http http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/,
    );
  });

  it('--output writes one OTLP/JSON export request per line (file exporter format)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-output-'));
    const output = join(dir, 'out.jsonl');
    const config = await resolveSimulationConfig({
      scenario: 'smoke',
      rate: 'max',
      count: 300,
      output,
      runId: 'file-run',
      batchSize: 100,
    });
    const result = await runSimulation(config);
    expect(result.ledger.protocol).toBe('file');
    const lines = (await readFile(output, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const logs = lines.filter((l) => l.resourceLogs);
    expect(lines.some((l) => l.resourceMetrics)).toBe(true);
    type JsonRecord = {
      timeUnixNano?: string;
      attributes: Array<{ key: string; value: { intValue?: string } }>;
    };
    type JsonLogs = { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: JsonRecord[] }> }> };
    const records = (logs as JsonLogs[]).flatMap((l) =>
      l.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)),
    );
    expect(records).toHaveLength(300);
    const seqs = records.map((r) => r.attributes.find((a) => a.key === 'aimon.seq')?.value.intValue);
    expect(seqs.every((s: unknown) => typeof s === 'string')).toBe(true); // int64 as strings, like protojson
    expect(new Set(seqs).size).toBe(300);
    expect(typeof records.find((r) => r.timeUnixNano)?.timeUnixNano).toBe('string');
  });
});
