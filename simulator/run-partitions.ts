/**
 * `--threads t` (t > 1): this process builds t partitions of the run, each in its own generator thread with its own
 * transport, all sending through one sink. Their ledgers are merged as separate shards' are (core/ledger/merge.ts),
 * so a process with 2 threads writes exactly the ledger that 2 one-thread shards' ledgers merge into.
 */
import { mergeLedgers, writeLedgerFile } from '../core/ledger/index.js';
import type { Partition } from './partition.js';
import { partitionLabel } from './partition.js';
import type { RunSimulationOptions, SimulationProgress, SimulationResult } from './run-simulation.js';
import type { SimulationConfig } from './simulation-config.js';
import { createSink } from './sinks/create-sink.js';
import type { Sink } from './sinks/sink.js';

type RunOne = (config: SimulationConfig, options: RunSimulationOptions) => Promise<SimulationResult>;

/** The sink every partition sends through: one probe for all, closed once by the caller. */
function sharedSink(sink: Sink): Sink {
  let probed: Promise<string | undefined> | undefined;
  const probe = sink.probe?.bind(sink);
  return {
    protocol: sink.protocol,
    endpoint: sink.endpoint,
    payloadFormat: sink.payloadFormat,
    send: (signal, payload, timeoutMs) => sink.send(signal, payload, timeoutMs),
    ...(probe ? { probe: () => (probed ??= probe()) } : {}),
    close: async () => undefined,
  };
}

/** Progress of every partition added up (rates and counts add; the elapsed time is the longest). */
function addProgress(parts: readonly SimulationProgress[]): SimulationProgress {
  const total = (get: (p: SimulationProgress) => number): number => parts.reduce((n, p) => n + get(p), 0);
  const targets = parts.map((p) => p.targetPerSec);
  return {
    elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
    targetPerSec: targets.every((t) => t !== null) ? total((p) => p.targetPerSec!) : null,
    currentPerSec: total((p) => p.currentPerSec),
    scheduled: total((p) => p.scheduled),
    sent: total((p) => p.sent),
    acknowledged: total((p) => p.acknowledged),
    failed: total((p) => p.failed),
    missed: total((p) => p.missed),
    retried: total((p) => p.retried),
    withheld: total((p) => p.withheld),
    inFlight: total((p) => p.inFlight),
    waiting: total((p) => p.waiting),
    queued: total((p) => p.queued),
    outage: parts.find((p) => p.outage !== null)?.outage ?? null,
    liveMetricSeries: total((p) => p.liveMetricSeries),
    retiredMetricSeries: total((p) => p.retiredMetricSeries),
  };
}

export async function runPartitions(
  config: SimulationConfig,
  partitions: readonly Partition[],
  options: RunSimulationOptions,
  runOne: RunOne,
): Promise<SimulationResult> {
  const sink = options.sink ?? createSink(config);
  const shared = sharedSink(sink);
  // One partition failing (e.g. nothing answers at the endpoint) stops the others.
  const stopAll = new AbortController();
  const onAbort = (): void => stopAll.abort();
  if (options.signal?.aborted) stopAll.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const latest: Array<SimulationProgress | undefined> = partitions.map(() => undefined);
  const report = (): void => {
    if (latest.every((p) => p !== undefined))
      options.onProgress?.(addProgress(latest as SimulationProgress[]));
  };
  let results: SimulationResult[];
  try {
    results = await Promise.all(
      partitions.map((partition, i) => {
        const { ledgerFile: _written, ...rest } = config;
        // The process's bounds are shared out, so threads change neither its requests in flight nor its memory.
        const share = (total: number): number => Math.max(1, Math.ceil(total / partitions.length));
        return runOne(
          {
            ...rest,
            partition,
            maxInFlight: share(config.maxInFlight),
            maxQueuedRecords: share(config.maxQueuedRecords),
          },
          {
            ...options,
            sink: shared,
            signal: stopAll.signal,
            onProgress: options.onProgress
              ? (p) => {
                  latest[i] = p;
                  if (i === 0) report(); // one line per interval, from the first partition's timer
                }
              : undefined,
          },
        ).catch((error: unknown) => {
          stopAll.abort();
          throw error;
        });
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await sink.close();
  }
  report();
  const ledger = mergeLedgers(
    results.map((r, i) => ({ ledger: r.ledger, source: `partition ${partitionLabel(partitions[i]!)}` })),
  );
  if (config.ledgerFile) await writeLedgerFile(config.ledgerFile, ledger);
  const errors: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + n;
  const metricExports = { requests: 0, points: 0, acknowledgedPoints: 0, failedPoints: 0 };
  for (const r of results)
    for (const k of Object.keys(metricExports) as Array<keyof typeof metricExports>)
      metricExports[k] += r.metricExports[k];
  return {
    ledger,
    exitCode: Math.max(...results.map((r) => r.exitCode)),
    retried: results.reduce((n, r) => n + r.retried, 0),
    errors,
    metricExports,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
  };
}
