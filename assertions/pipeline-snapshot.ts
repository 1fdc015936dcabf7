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

/** Reads the collector's :8888 self-metrics and VictoriaLogs' /metrics directly (no wait for a scrape). */
export async function takePipelineSnapshot(
  endpoints: { collectorMetrics?: string; victoriaLogs: string },
  timeoutMs = 5000,
): Promise<PipelineSnapshot> {
  const snapshot: PipelineSnapshot = {
    atMs: Date.now(),
    collector: {},
    victoriaLogs: { rowsDropped: 0, rowsIngested: 0 },
  };
  const collectorMetrics = endpoints.collectorMetrics;
  if (!collectorMetrics)
    snapshot.collectorSkipped = "the collector's metrics page was not given (--collector-metrics-url)";
  const [collectorText, vlText] = await Promise.allSettled([
    collectorMetrics
      ? httpText('collector self-metrics', collectorMetrics, { timeoutMs })
      : Promise.resolve(''),
    httpText('VictoriaLogs', `${endpoints.victoriaLogs.replace(/\/+$/, '')}/metrics`, { timeoutMs }),
  ]);
  if (collectorText.status === 'fulfilled' && collectorMetrics) {
    const samples = parsePrometheusText(collectorText.value);
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
  } else if (collectorText.status === 'rejected') {
    snapshot.collectorError = (collectorText.reason as Error).message;
  }
  if (vlText.status === 'fulfilled') {
    const samples = parsePrometheusText(vlText.value);
    snapshot.victoriaLogs = {
      rowsDropped: sumSamples(samples, VICTORIA_LOGS_DROPPED),
      rowsIngested: sumSamples(samples, VICTORIA_LOGS_INGESTED),
      readOnly: sumSamples(samples, VICTORIA_LOGS_READ_ONLY),
    };
  } else {
    snapshot.victoriaLogsError = (vlText.reason as Error).message;
  }
  return snapshot;
}
