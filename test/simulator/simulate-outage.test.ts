/**
 * The simulator rides out a receiver outage: the local OTLP sink (in its own process) drops its listeners and
 * every connection mid-run, as a crashed collector would, and comes back on the same ports seconds later. Every
 * record must end up acknowledged and received, none failed or missed, and the outage must show in progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSimulationFlags as resolveSimulationConfig } from '../../cli/options/simulate-flags.js';
import { runSimulation, type SimulationProgress } from '../../simulator/run-simulation.js';
import { progressLine } from '../../simulator/summary.js';
import { spawnOtlpSinkProcess, type OtlpSinkProcess } from '../support/live/otlp-sink.js';

let sink: OtlpSinkProcess;
beforeAll(async () => {
  sink = await spawnOtlpSinkProcess();
});
afterAll(async () => {
  await sink.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulate through a receiver outage', () => {
  for (const protocol of ['grpc', 'http'] as const) {
    it(`${protocol}: down 3 s mid-run, then 0 failed, 0 missed, every record acknowledged and received`, async () => {
      const runId = `outage-${protocol}-${Date.now()}`;
      const config = await resolveSimulationConfig({
        scenario: 'smoke',
        rate: '500/s',
        duration: '6s',
        protocol,
        endpoint: protocol === 'grpc' ? sink.grpcEndpoint : sink.httpEndpoint,
        runId,
        retryFor: '30s',
      });
      const progress: SimulationProgress[] = [];
      const outage = (async () => {
        await sleep(1500);
        await sink.stop();
        await sleep(3000);
        await sink.start();
      })();
      const result = await runSimulation(config, {
        onProgress: (p) => progress.push(p),
        progressIntervalMs: 250,
      });
      await outage;
      const r = result.ledger.records;
      expect(r.scheduled).toBe(3000);
      expect(r).toMatchObject({ sent: 3000, acknowledged: 3000, failed: 0, missed: 0 });
      expect(result.exitCode).toBe(0);
      expect(result.retried).toBeGreaterThan(0);
      expect(result.metricExports.failedPoints).toBe(0);
      expect(result.ledger.seq.expected).toEqual([[0, 2999]]);
      expect(result.ledger.seq.failed).toEqual([]);
      // Received: every seq at least once (a request cut off mid-answer is sent again: at least once, as OTLP).
      expect(await sink.seqRanges(runId)).toEqual([[0, 2999]]);
      // The outage showed in progress: for seconds, with records waiting; and it ended.
      const during = progress.filter((p) => p.outage !== null);
      expect(during.length).toBeGreaterThan(0);
      const worst = during.reduce((a, p) => (p.outage!.forMs > a.outage!.forMs ? p : a));
      expect(worst.outage!.forMs).toBeGreaterThan(1500);
      expect(worst.waiting).toBeGreaterThan(500);
      expect(progressLine(worst)).toMatch(
        /retrying: receiver unavailable for \d+ s \(.+\), [\d,]+ records waiting/,
      );
      expect(progress.at(-1)!.outage).toBeNull();
    }, 20_000);
  }
});
