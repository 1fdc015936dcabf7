import {
  collectorMetricsUrls,
  victoriaLogsInsertUrl,
  victoriaLogsStorageUrls,
  type QueryEndpoints,
} from '../core/endpoints.js';
import { httpText } from './backends/http-get.js';
import { parsePrometheusText, sumSamples } from './backends/prometheus-text.js';

/** Counters whose increase during a run means records were refused, failed or dropped somewhere. */
export const COLLECTOR_LOSS_COUNTERS = [
  'otelcol_receiver_refused_log_records_total',
  'otelcol_receiver_failed_log_records_total',
  'otelcol_exporter_send_failed_log_records_total',
  'otelcol_exporter_enqueue_failed_log_records_total',
  'otelcol_receiver_refused_metric_points_total',
  'otelcol_receiver_failed_metric_points_total',
  'otelcol_exporter_send_failed_metric_points_total',
  'otelcol_exporter_enqueue_failed_metric_points_total',
] as const;

/** Any other collector counter with one of these words is also watched (memory_limiter refusals, drops...). */
const LOSS_WORDS = /_(refused|failed|dropped)_/;

export const VICTORIA_LOGS_DROPPED = 'vl_rows_dropped_total';
export const VICTORIA_LOGS_INGESTED = 'vl_rows_ingested_total';
/** 1 while VictoriaLogs refuses inserts because free disk space fell below -storage.minFreeDiskSpaceBytes. */
export const VICTORIA_LOGS_READ_ONLY = 'vl_storage_is_read_only';

export interface PipelineSnapshot {
  atMs: number;
  /** Collector counter name → value summed over its label sets (absent counters read 0). */
  collector: Record<string, number>;
  /** readOnly: vl_storage_is_read_only (absent in older snapshots: treated as 0). */
  victoriaLogs: { rowsDropped: number; rowsIngested: number; readOnly?: number };
  /** Set when a source could not be read; the health suite reports it as errored. */
  collectorError?: string;
  /** Set when no collector metrics page was given: the collector's counters are not checked. */
  collectorSkipped?: string;
  victoriaLogsError?: string;
}

/**
 * Reads the collector's :8888 self-metrics and VictoriaLogs' /metrics directly (no wait for a scrape). A cluster's
 * counters are summed over every collector (front and backends); VictoriaLogs' rows ingested are the insert node's,
 * dropped rows every VictoriaLogs process's, read-only state the storage nodes'.
 */
export async function takePipelineSnapshot(
  endpoints: Pick<
    QueryEndpoints,
    'collectorMetrics' | 'victoriaLogs' | 'collectorsMetrics' | 'victoriaLogsInsert' | 'victoriaLogsStorage'
  >,
  timeoutMs = 5000,
): Promise<PipelineSnapshot> {
  const snapshot: PipelineSnapshot = {
    atMs: Date.now(),
    collector: {},
    victoriaLogs: { rowsDropped: 0, rowsIngested: 0 },
  };
  const collectorUrls = collectorMetricsUrls(endpoints);
  if (collectorUrls.length === 0)
    snapshot.collectorSkipped = "the collector's metrics page was not given (--collector-metrics-url)";
  const insert = victoriaLogsInsertUrl(endpoints);
  const storage = victoriaLogsStorageUrls(endpoints);
  const vlUrls = [...new Set([insert, ...storage])];
  const [collectorTexts, vlTexts] = await Promise.allSettled([
    Promise.all(collectorUrls.map((url) => httpText('collector self-metrics', url, { timeoutMs }))),
    Promise.all(
      vlUrls.map((url) => httpText('VictoriaLogs', `${url.replace(/\/+$/, '')}/metrics`, { timeoutMs })),
    ),
  ]);
  if (collectorTexts.status === 'fulfilled' && collectorUrls.length > 0) {
    const samples = collectorTexts.value.flatMap((text) => parsePrometheusText(text));
    for (const name of COLLECTOR_LOSS_COUNTERS) snapshot.collector[name] = sumSamples(samples, name);
    for (const sample of samples) {
      if (
        sample.name.startsWith('otelcol_') &&
        sample.name.endsWith('_total') &&
        LOSS_WORDS.test(sample.name)
      ) {
        snapshot.collector[sample.name] = sumSamples(samples, sample.name);
      }
    }
  } else if (collectorTexts.status === 'rejected') {
    snapshot.collectorError = (collectorTexts.reason as Error).message;
  }
  if (vlTexts.status === 'fulfilled') {
    const pages = new Map(vlUrls.map((url, i) => [url, parsePrometheusText(vlTexts.value[i]!)]));
    const all = [...pages.values()].flat();
    snapshot.victoriaLogs = {
      rowsDropped: sumSamples(all, VICTORIA_LOGS_DROPPED),
      rowsIngested: sumSamples(pages.get(insert)!, VICTORIA_LOGS_INGESTED),
      readOnly: sumSamples(
        storage.flatMap((url) => pages.get(url)!),
        VICTORIA_LOGS_READ_ONLY,
      ),
    };
  } else {
    snapshot.victoriaLogsError = (vlTexts.reason as Error).message;
  }
  return snapshot;
}
