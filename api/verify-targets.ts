import type { BackendTarget } from '../assertions/backends/backend-access.js';
import type { QueryEndpoints, StackEndpoints } from '../core/endpoints.js';
import type { OtlpTarget } from '../simulator/simulation-options.js';

/** Everything verify talks to. Any stack will do: aimon's own (targetsOfStack) or one described field by field. */
export interface VerifyTargets {
  /** Where a live run sends its load (not needed to re-check a ledger). */
  otlp?: OtlpTarget;
  victoriaLogs: BackendTarget;
  prometheus: BackendTarget;
  /** The collector's own metrics page (otelcol_*): without it, the collector's loss counters are not checked. */
  collectorMetrics?: BackendTarget;
  /** The collector's Prometheus exporter page (its scrape target's labels are then not taken for OTLP attributes). */
  collectorPrometheusExporter?: string;
  /** An OTLP/HTTP receiver for the lag probes (default: otlp when it is HTTP; none: no lag measured). */
  lagProbes?: BackendTarget;
  /** Alertmanager (the `alerts` suite checks the expected alerts reached it); without it that suite is skipped. */
  alertmanager?: BackendTarget;
}

/** The targets of a stack aimon started (its state file's endpoints): no headers, no TLS. */
export function targetsOfStack(endpoints: StackEndpoints, protocol: 'grpc' | 'http' = 'grpc'): VerifyTargets {
  return {
    otlp: { protocol, endpoint: protocol === 'grpc' ? endpoints.otlpGrpc : endpoints.otlpHttp },
    victoriaLogs: { url: endpoints.victoriaLogs },
    prometheus: { url: endpoints.prometheus },
    collectorMetrics: { url: endpoints.collectorMetrics },
    collectorPrometheusExporter: endpoints.collectorPrometheusExporter,
    lagProbes: { url: endpoints.otlpHttp },
    ...(endpoints.alertmanager ? { alertmanager: { url: endpoints.alertmanager } } : {}),
  };
}

/** The probe receiver: the given one, else the OTLP target when it speaks HTTP (with its headers and TLS). */
export function lagProbeTarget(targets: VerifyTargets): BackendTarget | undefined {
  if (targets.lagProbes) return targets.lagProbes;
  const otlp = targets.otlp;
  if (otlp?.protocol !== 'http') return undefined;
  const url = /^[a-z]+:\/\//i.test(otlp.endpoint) ? otlp.endpoint : `http://${otlp.endpoint}`;
  return { url, ...(otlp.headers ? { headers: otlp.headers } : {}), ...(otlp.tls ? { tls: otlp.tls } : {}) };
}

/** The URLs the suites build their requests from. */
export function queryEndpointsOf(targets: VerifyTargets): QueryEndpoints {
  const probes = lagProbeTarget(targets);
  return {
    victoriaLogs: targets.victoriaLogs.url.replace(/\/+$/, ''),
    prometheus: targets.prometheus.url.replace(/\/+$/, ''),
    ...(probes ? { otlpHttp: probes.url.replace(/\/+$/, '') } : {}),
    ...(targets.collectorMetrics ? { collectorMetrics: targets.collectorMetrics.url } : {}),
    ...(targets.collectorPrometheusExporter
      ? { collectorPrometheusExporter: targets.collectorPrometheusExporter }
      : {}),
    ...(targets.alertmanager ? { alertmanager: targets.alertmanager.url.replace(/\/+$/, '') } : {}),
  };
}
