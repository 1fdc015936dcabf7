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
 * Alertmanager 0.35, built from its Go module (~30 s with a warm Go cache, 53 MB; the module lacks the web UI's
 * compiled assets, so the build gets a one-page placeholder and the UI is not served). Debian's 0.25 (2022) was the
 * other choice: the same API, but ten releases behind the image compose runs.
 */
export const ALERTMANAGER_VERSION = '0.35.0';

/**
 * Images for the compose path, at the same releases as the native binaries: official ones, except the collector,
 * which compose builds from stack/collector/Dockerfile (the native ocb manifest, with aimon's own processor).
 */
export const IMAGES = {
  collector: `aimon/otelcol-aimon:${COLLECTOR_VERSION}`,
  victoriaLogs: `victoriametrics/victoria-logs:v${VICTORIA_LOGS_VERSION}`,
  prometheus: `prom/prometheus:v${PROMETHEUS_VERSION}`,
  alertmanager: `prom/alertmanager:v${ALERTMANAGER_VERSION}`,
  grafana: 'grafana/grafana:12.2.0',
} as const;
