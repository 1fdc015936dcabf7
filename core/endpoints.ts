/** The addresses of a running stack, as written to its state file and read by every other command. */
export interface StackEndpoints {
  /** host:port of the collector's OTLP gRPC receiver. */
  otlpGrpc: string;
  /** Base URL of the collector's OTLP/HTTP receiver (paths /v1/logs, /v1/metrics). */
  otlpHttp: string;
  /** Collector health_check extension URL. */
  collectorHealth: string;
  /** Collector's own Prometheus metrics (otelcol_*). */
  collectorMetrics: string;
  /** Collector prometheus exporter (scraped by Prometheus). */
  collectorPrometheusExporter: string;
  /** VictoriaLogs base URL. */
  victoriaLogs: string;
  /** Prometheus base URL. */
  prometheus: string;
  /** Alertmanager base URL (API under /api/v2). Absent in state files written before aimon ran one. */
  alertmanager?: string;
  /** Grafana base URL (compose mode only). */
  grafana?: string;
  /**
   * Cluster topology only (absent in the single one, where `victoriaLogs` takes inserts and stores them):
   * the VictoriaLogs insert node the collectors write to. `victoriaLogs` is then the select node queries go to.
   */
  victoriaLogsInsert?: string;
  /** Cluster topology only: the VictoriaLogs storage nodes' base URLs (flush, read-only state, rows stored). */
  victoriaLogsStorage?: string[];
  /** Cluster topology only: every collector's own-metrics URL, the front one first (`collectorMetrics`). */
  collectorsMetrics?: string[];
}

/** Where VictoriaLogs takes inserts: the insert node of a cluster, else the one VictoriaLogs. */
export function victoriaLogsInsertUrl(
  endpoints: Pick<StackEndpoints, 'victoriaLogs' | 'victoriaLogsInsert'>,
): string {
  return endpoints.victoriaLogsInsert ?? endpoints.victoriaLogs;
}

/** The VictoriaLogs processes that store rows: a cluster's storage nodes, else the one VictoriaLogs. */
export function victoriaLogsStorageUrls(
  endpoints: Pick<StackEndpoints, 'victoriaLogs' | 'victoriaLogsStorage'>,
): string[] {
  return endpoints.victoriaLogsStorage ?? [endpoints.victoriaLogs];
}

/** Every collector's own-metrics page: a cluster's front and backend collectors, else the one collector. */
export function collectorMetricsUrls(
  endpoints: Pick<QueryEndpoints, 'collectorMetrics' | 'collectorsMetrics'>,
): string[] {
  return endpoints.collectorsMetrics ?? (endpoints.collectorMetrics ? [endpoints.collectorMetrics] : []);
}

export interface StackPorts {
  otlpGrpc: number;
  otlpHttp: number;
  collectorHealth: number;
  collectorMetrics: number;
  collectorPrometheusExporter: number;
  victoriaLogs: number;
  prometheus: number;
  alertmanager: number;
  grafana: number;
}

export const DEFAULT_PORTS: StackPorts = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  collectorHealth: 13133,
  collectorMetrics: 8888,
  collectorPrometheusExporter: 8889,
  victoriaLogs: 9428,
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
};

/** Environment variable that overrides each port (AIMON_<NAME>_PORT). */
export const PORT_ENV: Record<keyof StackPorts, string> = {
  otlpGrpc: 'AIMON_OTLP_GRPC_PORT',
  otlpHttp: 'AIMON_OTLP_HTTP_PORT',
  collectorHealth: 'AIMON_COLLECTOR_HEALTH_PORT',
  collectorMetrics: 'AIMON_COLLECTOR_METRICS_PORT',
  collectorPrometheusExporter: 'AIMON_COLLECTOR_EXPORTER_PORT',
  victoriaLogs: 'AIMON_VICTORIALOGS_PORT',
  prometheus: 'AIMON_PROMETHEUS_PORT',
  alertmanager: 'AIMON_ALERTMANAGER_PORT',
  grafana: 'AIMON_GRAFANA_PORT',
};

export function endpointsFor(ports: StackPorts, host = '127.0.0.1', withGrafana = false): StackEndpoints {
  return {
    otlpGrpc: `${host}:${ports.otlpGrpc}`,
    otlpHttp: `http://${host}:${ports.otlpHttp}`,
    collectorHealth: `http://${host}:${ports.collectorHealth}/`,
    collectorMetrics: `http://${host}:${ports.collectorMetrics}/metrics`,
    collectorPrometheusExporter: `http://${host}:${ports.collectorPrometheusExporter}/metrics`,
    victoriaLogs: `http://${host}:${ports.victoriaLogs}`,
    prometheus: `http://${host}:${ports.prometheus}`,
    alertmanager: `http://${host}:${ports.alertmanager}`,
    ...(withGrafana ? { grafana: `http://${host}:${ports.grafana}` } : {}),
  };
}

/** Prometheus' scrape job for the collector's exporter: "otel-collector", as published dashboards filter it. */
export const METRICS_SCRAPE_JOB = 'otel-collector';
/** The job scraping the same page again, renaming Claude Code's series to their suffix-less names. */
export const UNSUFFIXED_METRICS_SCRAPE_JOB = 'otel-collector-unsuffixed';

/**
 * What verify reads: a stack aimon started (its StackEndpoints) or one named by flags. Only the two stores are
 * required; without the collector's metrics page the pipeline-health checks of the collector are skipped, and without
 * an OTLP/HTTP receiver no lag probes are sent.
 */
export interface QueryEndpoints {
  victoriaLogs: string;
  prometheus: string;
  /** OTLP/HTTP base URL the lag probes are sent to. */
  otlpHttp?: string;
  /** The collector's own metrics page (otelcol_*). */
  collectorMetrics?: string;
  /** The collector's Prometheus exporter page (its scrape target's labels are not OTLP attributes). */
  collectorPrometheusExporter?: string;
  /** Cluster topology: the insert node, the storage nodes, every collector's metrics page (see StackEndpoints). */
  victoriaLogsInsert?: string;
  victoriaLogsStorage?: string[];
  collectorsMetrics?: string[];
  /** Alertmanager base URL (verify's `alerts` suite). */
  alertmanager?: string;
}
