/**
 * `npm run bench`: the simulator's performance figures (printed, never asserted).
 *  1. maximum sustained events/s to a local OTLP gRPC sink that decodes and counts every record (own process),
 *     with 1 and 2 generator threads (--threads);
 *  2. rate accuracy at 500/s and 5,000/s for 30 s: events per 10-second window, measured at send time;
 *  3. memory over 5 minutes at 2,000/s;
 *  4. telemetrygen (collector-contrib) to the same sink, in the same run.
 * BENCH_QUICK=1 shortens every duration for a smoke run; BENCH_ONLY=memory (or max, rate, telemetrygen) picks sections.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../../core/paths.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../../cli/options/simulate-flags.js';
import { runSimulation, type SimulationProgress } from '../../simulator/run-simulation.js';
import { createSink } from '../../simulator/sinks/create-sink.js';
import type { Sink } from '../../simulator/sinks/sink.js';
import { spawnOtlpSinkProcess, type OtlpSinkProcess } from '../support/live/otlp-sink.js';
import { walkLogRecords } from '../support/pure/otlp-wire-walk.js';

const quick = process.env.BENCH_QUICK === '1';
const scale = (full: number, short: number): number => (quick ? short : full);
const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const TELEMETRYGEN_VERSION = process.env.TELEMETRYGEN_VERSION ?? 'v0.161.0';

/** Wraps a sink to record when each batch of records actually left (send time, record count). */
function timedSink(inner: Sink, sends: Array<[number, number]>): Sink {
  return {
    protocol: inner.protocol,
    endpoint: inner.endpoint,
    payloadFormat: inner.payloadFormat,
    send(signal, payload, timeoutMs) {
      if (signal === 'logs' && Buffer.isBuffer(payload)) {
        let count = 0;
        walkLogRecords(payload, () => count++);
        sends.push([performance.timeOrigin + performance.now(), count]);
      }
      return inner.send(signal, payload, timeoutMs);
    },
    close: () => inner.close(),
  };
}

async function maxSustained(sink: OtlpSinkProcess, scenario: string, threads = 1): Promise<number> {
  const durationMs = scale(20_000, 5_000);
  const runId = `bench-max-${scenario}-${threads}t-${Date.now()}`;
  const config = await resolveSimulationConfig({
    scenario,
    rate: 'max',
    duration: `${durationMs}ms`,
    endpoint: sink.grpcEndpoint,
    runId,
    threads,
  });
  const before = await sink.stats();
  const result = await runSimulation(config);
  const after = await sink.stats();
  const received = after.runs[runId];
  const bytesPerRecord =
    (after.logBytes - before.logBytes) / Math.max(1, after.logRecords - before.logRecords);
  const seconds = result.elapsedMs / 1000;
  const unique = received?.unique ?? 0;
  console.log(
    `  ${scenario.padEnd(12)} ${threads} thread${threads > 1 ? 's' : ' '} ${n(unique / seconds)} events/s acknowledged and counted by the sink ` +
      `(${n(unique)} unique in ${seconds.toFixed(1)} s, duplicates ${received?.duplicateRecords ?? 0}, ` +
      `acked ${n(result.ledger.records.acknowledged)}, failed ${result.ledger.records.failed}; ${n(bytesPerRecord)} bytes/record as sent)`,
  );
  return unique / seconds;
}

async function rateAccuracy(sink: OtlpSinkProcess, rate: number): Promise<void> {
  const durationMs = scale(30_000, 10_000);
  const runId = `bench-rate-${rate}-${Date.now()}`;
  const config = await resolveSimulationConfig({
    scenario: 'smoke',
    rate: `${rate}/s`,
    duration: `${durationMs}ms`,
    endpoint: sink.grpcEndpoint,
    runId,
  });
  const sends: Array<[number, number]> = [];
  const result = await runSimulation(config, { sink: timedSink(createSink(config), sends) });
  // Windows start at the first send (the engine's t0 plus at most one batch delay, 20 ms).
  const t0 = sends[0]?.[0] ?? 0;
  const windows = new Array(Math.ceil(durationMs / 10_000)).fill(0) as number[];
  for (const [at, count] of sends) {
    const w = Math.floor((at - t0) / 10_000);
    if (w >= 0 && w < windows.length) windows[w]! += count;
  }
  const expected = rate * 10;
  const errors = windows.map((c) => ((c - expected) / expected) * 100);
  const worst = Math.max(...errors.map(Math.abs));
  const received = (await sink.stats()).runs[runId]?.unique ?? 0;
  console.log(
    `  ${String(rate).padStart(5)}/s: windows ${windows.map(n).join(', ')} (expected ${n(expected)} each; ` +
      `errors ${errors.map((e) => `${e >= 0 ? '+' : ''}${e.toFixed(2)}%`).join(', ')}) ` +
      `${worst <= 1 ? 'within' : 'OUTSIDE'} ±1 %; missed ${result.ledger.records.missed}; sink counted ${n(received)}`,
  );
}

async function memory(sink: OtlpSinkProcess): Promise<void> {
  const durationMs = scale(300_000, 30_000);
  const runId = `bench-mem-${Date.now()}`;
  // team-steady keeps Claude's session.id on metric points: thousands of series end with their sessions.
  const config = await resolveSimulationConfig({
    scenario: 'team-steady',
    rate: '2000/s',
    duration: `${durationMs}ms`,
    endpoint: sink.grpcEndpoint,
    runId,
  });
  const samples: Array<{ s: number; rss: number; heap: number; live: number; retired: number }> = [];
  const t0 = Date.now();
  let progress: SimulationProgress | undefined;
  const sample = (): void => {
    const m = process.memoryUsage();
    samples.push({
      s: (Date.now() - t0) / 1000,
      rss: m.rss / 2 ** 20,
      heap: m.heapUsed / 2 ** 20,
      live: progress?.liveMetricSeries ?? 0,
      retired: progress?.retiredMetricSeries ?? 0,
    });
  };
  const timer = setInterval(sample, Math.max(1000, durationMs / 30));
  const result = await runSimulation(config, { onProgress: (p) => (progress = p) });
  clearInterval(timer);
  sample();
  // "During the run" ends with the schedule; after it the transport reads the retired metric series into the ledger.
  const during = samples.filter((p) => p.s * 1000 <= durationMs);
  const after = samples.at(-1)!;
  const settledFrom = during.find((p) => p.s >= Math.min(60, durationMs / 5000)) ?? during[0]!;
  const last = during.at(-1)!;
  const growth = last.rss - settledFrom.rss;
  // Least-squares slope of RSS after the first minute: one late GC or allocation burst moves it little.
  const tail = during.filter((p) => p.s >= settledFrom.s);
  const mean = (f: (p: (typeof tail)[number]) => number): number =>
    tail.reduce((sum, p) => sum + f(p), 0) / tail.length;
  const [ms, mr] = [mean((p) => p.s), mean((p) => p.rss)];
  const slopePerMin =
    (60 * tail.reduce((sum, p) => sum + (p.s - ms) * (p.rss - mr), 0)) /
    Math.max(
      1e-9,
      tail.reduce((sum, p) => sum + (p.s - ms) ** 2, 0),
    );
  const every = Math.max(1, Math.floor(during.length / 6));
  const shown = during.filter((_, i) => i % every === 0 || i === during.length - 1);
  console.log(
    `  ${n(result.ledger.records.acknowledged)} events in ${(result.elapsedMs / 1000).toFixed(0)} s at 2,000/s, missed ${result.ledger.records.missed}`,
  );
  console.log(
    `  RSS / main-thread heap (MiB) during the run: ${shown.map((p) => `${p.s.toFixed(0)}s ${p.rss.toFixed(0)}/${p.heap.toFixed(0)}`).join(', ')}`,
  );
  console.log(
    `  metric series held by the generator (live / retired to disk): ${shown.map((p) => `${p.s.toFixed(0)}s ${n(p.live)}/${n(p.retired)}`).join(', ')}`,
  );
  console.log(
    `  RSS change from ${settledFrom.s.toFixed(0)} s to ${last.s.toFixed(0)} s: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB ` +
      `(${((growth / settledFrom.rss) * 100).toFixed(1)} %), trend ${slopePerMin >= 0 ? '+' : ''}${slopePerMin.toFixed(1)} MiB/min; after the ledger was built (${n(result.ledger.metrics.length)} metric series): ` +
      `RSS ${after.rss.toFixed(0)} MiB, heap ${after.heap.toFixed(0)} MiB`,
  );
}

async function telemetrygen(sink: OtlpSinkProcess): Promise<void> {
  const binary = join(cacheDir(), 'bin', 'telemetrygen');
  if (!existsSync(binary)) {
    console.log(`  installing telemetrygen ${TELEMETRYGEN_VERSION} (go install) …`);
    try {
      await promisify(execFile)(
        'go',
        [
          'install',
          `github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@${TELEMETRYGEN_VERSION}`,
        ],
        { env: { ...process.env, GOBIN: join(cacheDir(), 'bin') }, maxBuffer: 16 * 2 ** 20 },
      );
    } catch (error) {
      console.log(`  telemetrygen unavailable: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
  }
  const seconds = scale(20, 5);
  for (const workers of [1, 4]) {
    await sink.reset();
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const child = spawn(
        binary,
        [
          'logs',
          '--otlp-endpoint',
          sink.grpcEndpoint,
          '--otlp-insecure',
          '--duration',
          `${seconds}s`,
          '--rate',
          '0',
          '--workers',
          String(workers),
        ],
        { stdio: ['ignore', 'ignore', 'ignore'] },
      );
      child.on('exit', () => resolve());
      child.on('error', () => resolve());
    });
    const elapsed = (Date.now() - started) / 1000;
    const stats = await sink.stats();
    console.log(
      `  telemetrygen ${TELEMETRYGEN_VERSION} logs, ${workers} worker(s), --rate 0: ${n(stats.logRecords / elapsed)} records/s ` +
        `(${n(stats.logRecords)} in ${elapsed.toFixed(1)} s, ${n(stats.logRequests)} requests, ${n(stats.logBytes / Math.max(1, stats.logRecords))} bytes/record; no sequence ids, so duplicates/loss cannot be told)`,
    );
  }
}

/** BENCH_ONLY=max,rate,memory,telemetrygen runs a subset (default: all four, in this order). */
const SECTIONS = ['max', 'rate', 'memory', 'telemetrygen'] as const;
type Section = (typeof SECTIONS)[number];

function selectedSections(): Set<Section> {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return new Set(SECTIONS);
  const wanted = raw.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`aimon bench: BENCH_ONLY has ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
  return new Set(wanted as Section[]);
}

async function main(): Promise<void> {
  const sections = selectedSections();
  console.log(
    `aimon bench${quick ? ' (BENCH_QUICK: shortened durations)' : ''} — node ${process.version}, sink in its own process`,
  );
  const sink = await spawnOtlpSinkProcess();
  try {
    if (sections.has('max')) {
      console.log(
        '1. maximum sustained rate, one process → local OTLP gRPC sink (decodes, counts by aimon.seq)',
      );
      const best = Math.max(await maxSustained(sink, 'smoke'), await maxSustained(sink, 'codex-heavy'));
      console.log(`  best: ${n(best)} events/s (target ≥ 50,000)`);
      // 1 and 2 generator threads (--threads), alternated so that a busy machine weighs on both alike.
      const rounds = scale(2, 1);
      const rates: Record<1 | 2, number[]> = { 1: [], 2: [] };
      for (let round = 0; round < rounds; round++) {
        rates[1].push(await maxSustained(sink, 'smoke', 1));
        rates[2].push(await maxSustained(sink, 'smoke', 2));
      }
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      console.log(
        `  generator threads, smoke: 1 thread ${n(mean(rates[1]))} events/s, 2 threads ${n(mean(rates[2]))} events/s ` +
          `(×${(mean(rates[2]) / mean(rates[1])).toFixed(2)}; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)})`,
      );
    }
    if (sections.has('rate')) {
      console.log('2. rate accuracy, events per 10-second window at send time');
      await rateAccuracy(sink, 500);
      await rateAccuracy(sink, 5000);
    }
    if (sections.has('memory')) {
      console.log(`3. memory at 2,000/s for ${quick ? '30 s' : '5 min'}`);
      await memory(sink);
    }
    if (sections.has('telemetrygen')) {
      console.log('4. telemetrygen to the same sink');
      await telemetrygen(sink);
    }
  } finally {
    await sink.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
