import { describeError } from './assertion.js';
import { BackendError } from './backends/http-get.js';
import type { PrometheusClient } from './backends/prometheus-client.js';
import type { VictoriaLogsClient } from './backends/victoria-logs-client.js';
import { sleep } from './eventually.js';
import { httpText } from './backends/http-get.js';
import { parsePrometheusText } from './backends/prometheus-text.js';
import { runFilter } from './logsql.js';

export interface SettleOutcome {
  /** Run rows VictoriaLogs held when settling stopped. */
  rows: number;
  expectedRows: number;
  /** Why settling stopped. */
  reason: 'complete' | 'stable' | 'timeout' | 'unreachable';
  logsSettleMs: number;
  /** Exporter scrapes Prometheus completed after the last metric export (0 if it could not be told). */
  scrapesAfterExport: number;
  metricsSettleMs: number;
  error?: string;
}

/**
 * Waits until the run's rows are queryable: force-flush, then count until the count reaches the expected number,
 * or stops moving for `stableMs`, or the timeout. Stops at once when VictoriaLogs refuses connections.
 */
export async function settleLogs(
  logs: VictoriaLogsClient,
  runId: string,
  expectedRows: number,
  range: { startMs: number; endMs?: number },
  options: {
    timeoutMs?: number;
    stableMs?: number;
    intervalMs?: number;
    /** Called about every 5 s while the count is short of the expected number. */
    onProgress?: (rows: number, expectedRows: number, elapsedMs: number) => void;
  } = {},
): Promise<Pick<SettleOutcome, 'rows' | 'expectedRows' | 'reason' | 'logsSettleMs' | 'error'>> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const stableMs = options.stableMs ?? 3000;
  const intervalMs = options.intervalMs ?? 250;
  let rows = -1;
  let lastChangeMs = Date.now();
  let lastProgressMs = started;
  for (;;) {
    try {
      // A stack aimon did not start may refuse the flush (its own key): then rows appear on VictoriaLogs' own
      // schedule (about a second), and the count below still tells whether it answers at all.
      await logs.forceFlush().catch(() => undefined);
      const count = await logs.count(runFilter(runId), range);
      if (count !== rows) {
        rows = count;
        lastChangeMs = Date.now();
      }
      if (rows >= expectedRows)
        return { rows, expectedRows, reason: 'complete', logsSettleMs: Date.now() - started };
      if (options.onProgress && Date.now() - lastProgressMs >= 5_000) {
        lastProgressMs = Date.now();
        options.onProgress(rows, expectedRows, lastProgressMs - started);
      }
      if (Date.now() - lastChangeMs >= stableMs && rows >= 0) {
        return { rows, expectedRows, reason: 'stable', logsSettleMs: Date.now() - started };
      }
    } catch (error) {
      if (error instanceof BackendError) {
        return {
          rows: Math.max(rows, 0),
          expectedRows,
          reason: 'unreachable',
          logsSettleMs: Date.now() - started,
          error: describeError(error),
        };
      }
      throw error;
    }
    if (Date.now() - started >= timeoutMs) {
      return { rows, expectedRows, reason: 'timeout', logsSettleMs: Date.now() - started };
    }
    await sleep(intervalMs);
  }
}

/** How long after a scrape's start plus its duration its samples are taken to be committed. */
const SCRAPE_COMMIT_MARGIN_MS = 1_000;

/**
 * Waits until each of Prometheus' scrape jobs of the collector's exporter (one per name spelling) has scraped it
 * `scrapes` times after `afterMs` (the last metric export), so the final cumulative values are stored. Returns how
 * many scrapes of the slowest job it saw before the timeout.
 */
export async function waitForScrapes(
  prometheus: PrometheusClient,
  jobs: readonly string[],
  afterMs: number,
  options: { scrapes?: number; timeoutMs?: number } = {},
): Promise<{ scrapesAfterExport: number; metricsSettleMs: number; error?: string }> {
  const started = Date.now();
  const wanted = options.scrapes ?? 1;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const seen = new Map(jobs.map((job) => [job, new Set<number>()]));
  const fewest = (): number => Math.min(...[...seen.values()].map((s) => s.size));
  for (;;) {
    try {
      const targets = await prometheus.targets();
      for (const [job, scrapes] of seen) {
        const target = targets.find((t) => t.scrapePool === job);
        if (!target)
          return {
            scrapesAfterExport: 0,
            metricsSettleMs: Date.now() - started,
            error: `Prometheus has no target in scrape job "${job}"`,
          };
        // A scrape that started after the export necessarily saw it; Prometheus reports the scrape's start before
        // its samples are committed, so it counts once it has had its own duration plus a margin to land.
        if (
          target.lastScrapeMs > afterMs &&
          Date.now() >= target.lastScrapeMs + target.lastScrapeDurationMs + SCRAPE_COMMIT_MARGIN_MS
        )
          scrapes.add(target.lastScrapeMs);
      }
      if (fewest() >= wanted) return { scrapesAfterExport: fewest(), metricsSettleMs: Date.now() - started };
    } catch (error) {
      return {
        scrapesAfterExport: fewest(),
        metricsSettleMs: Date.now() - started,
        error: describeError(error),
      };
    }
    if (Date.now() - started >= timeoutMs)
      return { scrapesAfterExport: fewest(), metricsSettleMs: Date.now() - started };
    await sleep(500);
  }
}

/** The collector's exporter that pushes histograms to Prometheus (stack/collector/config.yaml). */
export const METRICS_PUSH_EXPORTER = 'otlphttp/prometheus';

/** The cluster's front collector's metrics queues towards the backend collectors (stack/collector/front-config.yaml). */
const FRONT_METRICS_EXPORTER = /^otlphttp\/metrics-\d+$/;

/**
 * Waits until the collector's metrics push queue is empty: every histogram point it took is then in Prometheus (its
 * OTLP receiver answers after the append). Reads the collector's own metrics page, not a Prometheus scrape of it. A
 * cluster passes every collector's page: the front's queues towards the backends must be empty too.
 */
export async function waitForMetricsPush(
  collectorMetricsUrls: string | string[],
  options: { timeoutMs?: number } = {},
): Promise<{ drained: boolean; queued: number; error?: string }> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const urls = typeof collectorMetricsUrls === 'string' ? [collectorMetricsUrls] : collectorMetricsUrls;
  for (;;) {
    let queued = 0;
    try {
      for (const url of urls) {
        const samples = parsePrometheusText(
          await httpText('collector self-metrics', url, { timeoutMs: 5000 }),
        );
        queued += samples
          .filter(
            (s) =>
              s.name === 'otelcol_exporter_queue_size' &&
              (s.labels.exporter === METRICS_PUSH_EXPORTER ||
                FRONT_METRICS_EXPORTER.test(s.labels.exporter ?? '')),
          )
          .reduce((sum, s) => sum + s.value, 0);
      }
    } catch (error) {
      return { drained: false, queued: -1, error: describeError(error) };
    }
    if (queued === 0) return { drained: true, queued };
    if (Date.now() - started >= timeoutMs) return { drained: false, queued };
    await sleep(250);
  }
}
