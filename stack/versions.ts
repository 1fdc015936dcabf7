/** Pinned versions of every stack component. Changing one here changes what `aimon stack install` builds. */
export const COLLECTOR_VERSION = '0.165.1';
/** ocb (go.opentelemetry.io/collector/cmd/builder) release matching the core modules in builder-config.yaml. */
export const COLLECTOR_BUILDER_VERSION = '0.165.0';
export const VICTORIA_LOGS_VERSION = '1.52.1';
/** Debian 12's package; newer Prometheus releases come only from their Go module (not needed here). */
export const PROMETHEUS_MAJOR = 2;

/** Official images for the compose path, at the same releases as the native binaries. */
export const IMAGES = {
  collector: `otel/opentelemetry-collector-contrib:${COLLECTOR_VERSION}`,
  victoriaLogs: `victoriametrics/victoria-logs:v${VICTORIA_LOGS_VERSION}`,
  prometheus: 'prom/prometheus:v2.42.0',
  grafana: 'grafana/grafana:12.2.0',
} as const;
