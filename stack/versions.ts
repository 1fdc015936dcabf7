/** Pinned versions of every stack component. Changing one here changes what `aimon stack install` builds. */
export const COLLECTOR_VERSION = '0.165.1';
/** ocb (go.opentelemetry.io/collector/cmd/builder) release matching the core modules in builder-config.yaml. */
export const COLLECTOR_BUILDER_VERSION = '0.165.0';
export const VICTORIA_LOGS_VERSION = '1.52.1';
/**
 * Prometheus 3.16, built from its Go module (module versions are v0.<major><minor>.<patch>): it ingests the start
 * (created) timestamps the collector's exporter exposes, so `increase()` counts a counter's first value.
 */
export const PROMETHEUS_VERSION = '3.16.0';
export const PROMETHEUS_MODULE_VERSION = 'v0.316.0';

/**
 * Images for the compose path, at the same releases as the native binaries: official ones, except the collector,
 * which compose builds from stack/collector/Dockerfile (the native ocb manifest, with aimon's own processor).
 */
export const IMAGES = {
  collector: `aimon/otelcol-aimon:${COLLECTOR_VERSION}`,
  victoriaLogs: `victoriametrics/victoria-logs:v${VICTORIA_LOGS_VERSION}`,
  prometheus: `prom/prometheus:v${PROMETHEUS_VERSION}`,
  grafana: 'grafana/grafana:12.2.0',
} as const;
