import {
  collectorMetricsUrls,
  METRICS_SCRAPE_JOB,
  UNSUFFIXED_METRICS_SCRAPE_JOB,
  victoriaLogsInsertUrl,
  type QueryEndpoints,
} from '../core/endpoints.js';
import type { RunLedger } from '../core/ledger/index.js';
import { countResults } from './assertion.js';
import { PrometheusClient } from './backends/prometheus-client.js';
import { VictoriaLogsClient } from './backends/victoria-logs-client.js';
import { DEFAULT_SUITES } from './default-suites.js';
import { LagProber, summarizeLags, type LagProbeReport } from './lag-probe.js';
import { takePipelineSnapshot, type PipelineSnapshot } from './pipeline-snapshot.js';
import { runSuites, type SuiteRun } from './run-suites.js';
import { settleLogs, waitForMetricsPush, waitForScrapes, type SettleOutcome } from './settle.js';
import type { Suite } from './suite.js';
import { queryRangeFor, type VerifyContext } from './verify-context.js';
import type { VerifyReport } from './verify-report.js';
import { IngestSampler } from './ingest-sampler.js';
import type { Threshold } from '../scenarios/thresholds.js';
import {
  evaluateThresholds,
  measure,
  thresholdAssertions,
  THRESHOLDS_SUITE,
  type ThresholdOutcome,
} from './thresholds.js';

export interface VerifyOptions {
  endpoints: QueryEndpoints;
  suites?: readonly Suite[];
  maxLagP99Ms?: number;
  /** Per-request backend deadline. */
  backendTimeoutMs?: number;
  settleTimeoutMs?: number;
  /** Prometheus scrapes of the exporter to wait for after the last metric export (default 1: the collector answers
   * a metrics export only after the prometheus exporter holds it, so the first scrape that starts later has it). */
  scrapesAfterExport?: number;
  onProgress?: (message: string) => void;
  onSuiteDone?: (run: SuiteRun) => void;
  /** k6-style thresholds from the scenario, evaluated after the suites (assertions/thresholds.ts). */
  thresholds?: readonly Threshold[];
}

export interface LiveVerifyOptions extends VerifyOptions {
  /** Sends the load and returns its ledger (the simulator, or a test's own sender). */
  load: () => Promise<RunLedger>;
  /** Lag probes every N ms during the load (default 250; 0 = none). */
  probeIntervalMs?: number;
}

export function clientsFor(
  endpoints: QueryEndpoints,
  timeoutMs = 15_000,
): { logs: VictoriaLogsClient; prometheus: PrometheusClient } {
  return {
    logs: new VictoriaLogsClient({
      baseUrl: endpoints.victoriaLogs,
      timeoutMs,
      ...(endpoints.victoriaLogsStorage ? { storageNodes: endpoints.victoriaLogsStorage } : {}),
    }),
    prometheus: new PrometheusClient({ baseUrl: endpoints.prometheus, timeoutMs }),
  };
}

/** Sends the load while measuring lag and pipeline counters, settles, then runs the suites. */
export async function verifyLive(
  options: LiveVerifyOptions,
): Promise<{ report: VerifyReport; ledger: RunLedger }> {
  const progress = options.onProgress ?? (() => {});
  const { logs, prometheus } = clientsFor(options.endpoints, options.backendTimeoutMs);
  const baseline = await takePipelineSnapshot(options.endpoints);
  const probeRunId = `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const otlpHttp = options.endpoints.otlpHttp;
  const prober =
    (options.probeIntervalMs ?? 250) > 0 && otlpHttp
      ? new LagProber({
          otlpHttp,
          logs,
          probeRunId,
          intervalMs: options.probeIntervalMs ?? 250,
        })
      : undefined;
  const sampler = new IngestSampler(victoriaLogsInsertUrl(options.endpoints));
  prober?.start();
  sampler.start();
  let ledger: RunLedger;
  try {
    ledger = await options.load();
  } catch (error) {
    prober?.abort();
    sampler.stop();
    throw error;
  }
  const loadEndedAtMs = Date.now();
  progress(`load done (${ledger.records.acknowledged} records acknowledged); settling`);
  let probes: LagProbeReport | undefined;
  const settle = await settleRun(logs, prometheus, options.endpoints, ledger, loadEndedAtMs, {
    timeoutMs: options.settleTimeoutMs ?? 60_000,
    scrapes: options.scrapesAfterExport ?? 1,
    // Probes first: the force-flush while settling would make pending probes visible early and flatter the lag.
    beforeLogs: async () => {
      probes = prober ? await prober.finish(3, 100) : undefined;
      sampler.stop();
    },
  });
  progress(
    `settled: ${settle.rows}/${settle.expectedRows} rows (${settle.reason}), ${settle.scrapesAfterExport} scrapes after export`,
  );
  const after = await takePipelineSnapshot(options.endpoints);
  const report = await verifyContext(
    {
      ...baseContext(ledger, options, logs, prometheus),
      baseline,
      after,
      probes,
      settle,
      ingestSamples: sampler.samples,
    },
    options,
  );
  report.verdictAfterLoadMs = Date.now() - loadEndedAtMs;
  return { report, ledger };
}

/**
 * Waits until the run is queryable: its rows in VictoriaLogs, its counters scraped by both exporter jobs after
 * `afterMs` (the last export), and the collector's histogram push queue drained. `beforeLogs` runs once the metric
 * waits have started, before the logs are force-flushed.
 */
async function settleRun(
  logs: VictoriaLogsClient,
  prometheus: PrometheusClient,
  endpoints: QueryEndpoints,
  ledger: RunLedger,
  afterMs: number,
  options: {
    timeoutMs: number;
    scrapes?: number;
    beforeLogs?: () => Promise<void>;
    onProgress?: (rows: number, expectedRows: number, elapsedMs: number) => void;
  },
): Promise<SettleOutcome> {
  const scraped = waitForScrapes(prometheus, EXPORTER_JOBS, afterMs, {
    scrapes: options.scrapes ?? 1,
    timeoutMs: options.timeoutMs,
  });
  // Without the collector's metrics page (a stack given by flags) there is no push queue to watch. A cluster lists
  // every collector's page: the front's queue towards collector-0 must be empty too.
  const metricsPages = collectorMetricsUrls(endpoints);
  const pushed =
    metricsPages.length > 0
      ? waitForMetricsPush(metricsPages, { timeoutMs: options.timeoutMs })
      : Promise.resolve({ drained: true, queued: 0 } as Awaited<ReturnType<typeof waitForMetricsPush>>);
  await options.beforeLogs?.();
  const logsSettled = await settleLogs(logs, ledger.runId, expectedRows(ledger), queryRangeFor(ledger), {
    timeoutMs: options.timeoutMs,
    onProgress: options.onProgress,
  });
  const [metricsSettled, push] = await Promise.all([scraped, pushed]);
  const pushError =
    push.error ?? (push.drained ? undefined : `${push.queued} bytes of metrics still queued for Prometheus`);
  return { ...logsSettled, ...metricsSettled, error: logsSettled.error ?? metricsSettled.error ?? pushError };
}

/** Prometheus' scrape jobs of the collector's exporter page (the two metric name spellings). */
const EXPORTER_JOBS = [METRICS_SCRAPE_JOB, UNSUFFIXED_METRICS_SCRAPE_JOB];

/**
 * Re-checks a finished run from its ledger: no load, no probes; health counters come from Prometheus. Run straight
 * after `aimon simulate`, the run's last rows and metric exports may not be queryable yet, so it first waits (up to
 * `settleTimeoutMs`) until VictoriaLogs holds the run's rows and Prometheus has scraped both exporter pages after
 * `lastExportMs`, the time the simulator finished (default: the ledger's last record).
 */
export async function verifyLedger(
  ledger: RunLedger,
  options: VerifyOptions & {
    lastExportMs?: number;
    settleTimeoutMs?: number;
    onProgress?: (message: string) => void;
  },
): Promise<VerifyReport> {
  const { logs, prometheus } = clientsFor(options.endpoints, options.backendTimeoutMs);
  const timeoutMs = options.settleTimeoutMs ?? 60_000;
  const progress = options.onProgress ?? (() => {});
  progress(`waiting up to ${Math.round(timeoutMs / 1000)} s until the run is queryable in both stores`);
  const settle = await settleRun(
    logs,
    prometheus,
    options.endpoints,
    ledger,
    options.lastExportMs ?? ledger.window.endMs,
    {
      timeoutMs,
      onProgress: (rows, expected, elapsedMs) =>
        progress(
          `  VictoriaLogs: ${rows}/${expected} rows of the run after ${(elapsedMs / 1000).toFixed(0)} s`,
        ),
    },
  );
  progress(
    `settled in ${(Math.max(settle.logsSettleMs, settle.metricsSettleMs) / 1000).toFixed(1)} s: ${settle.rows}/${settle.expectedRows} rows (${settle.reason}), ${settle.scrapesAfterExport} scrapes after the last export`,
  );
  // A stack that stops answering is not thrown here: the suites then report their checks as errored, each with its
  // cause, which is what a CI report should show.
  if (settle.error) progress(`warning: the stack did not answer while waiting for the run: ${settle.error}`);
  if (settle.scrapesAfterExport === 0)
    progress(
      `warning: Prometheus did not scrape the exporter within ${Math.round(timeoutMs / 1000)} s; metric checks may read old values`,
    );
  return verifyContext({ ...baseContext(ledger, options, logs, prometheus), settle }, options);
}

function baseContext(
  ledger: RunLedger,
  options: VerifyOptions,
  logs: VictoriaLogsClient,
  prometheus: PrometheusClient,
): VerifyContext {
  return {
    ledger,
    endpoints: options.endpoints,
    logs,
    prometheus,
    range: queryRangeFor(ledger),
    maxLagP99Ms: options.maxLagP99Ms,
    observations: {},
  };
}

export function expectedRows(ledger: RunLedger): number {
  return Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0);
}

async function verifyContext(ctx: VerifyContext, options: VerifyOptions): Promise<VerifyReport> {
  const startedAt = new Date();
  const outcome = await runSuites(options.suites ?? DEFAULT_SUITES, ctx, {
    onSuiteDone: options.onSuiteDone,
  });
  const suites = outcome.suites;
  let thresholds: ThresholdOutcome[] | undefined;
  if (options.thresholds?.length) {
    thresholds = evaluateThresholds(options.thresholds, measure(ctx, outcome.results));
    const run: SuiteRun = {
      suite: THRESHOLDS_SUITE,
      title: 'Thresholds',
      durationMs: 0,
      results: thresholdAssertions(thresholds),
    };
    suites.push(run);
    options.onSuiteDone?.(run);
  }
  const report = buildReport(ctx, suites, startedAt, outcome.durationMs);
  if (thresholds) report.thresholds = thresholds;
  return report;
}

export function buildReport(
  ctx: VerifyContext,
  suites: SuiteRun[],
  startedAt: Date,
  suitesDurationMs: number,
): VerifyReport {
  const results = suites.flatMap((s) => s.results);
  const counts = countResults(results);
  const { ledger } = ctx;
  return {
    schema: 'aimon.verify/v1',
    runId: ledger.runId,
    scenario: ledger.scenario,
    passed: counts.failed === 0 && counts.errored === 0 && counts.total > 0,
    counts,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    suitesDurationMs,
    run: {
      window: ledger.window,
      records: ledger.records,
      rate: ledger.rate,
      protocol: ledger.protocol,
      endpoint: ledger.endpoint,
    },
    ...(ledger.load ? { load: ledger.load } : {}),
    settle: ctx.settle,
    lag: ctx.probes ? lagFigures(ctx.probes) : undefined,
    charts: {
      perSecond: ctx.observations.perSecond ?? [],
      ingestRate: ingestRate(ctx.ingestSamples ?? []),
      lagsMs: ctx.probes?.lagsMs ?? [],
    },
    suites: suites.map(({ results: suiteResults, ...rest }) => ({
      ...rest,
      counts: countResults(suiteResults),
    })),
    results,
  };
}

function lagFigures(probes: LagProbeReport): VerifyReport['lag'] {
  return { ...summarizeLags(probes.lagsMs), lost: probes.lost, sent: probes.sent };
}

function ingestRate(samples: ReadonlyArray<[number, number]>): Array<{ tMs: number; rowsPerSec: number }> {
  const points: Array<{ tMs: number; rowsPerSec: number }> = [];
  for (let i = 1; i < samples.length; i++) {
    const [t0, v0] = samples[i - 1]!;
    const [t1, v1] = samples[i]!;
    if (t1 > t0) points.push({ tMs: t1, rowsPerSec: Math.max(0, ((v1 - v0) * 1000) / (t1 - t0)) });
  }
  return points;
}

export type { PipelineSnapshot };
