/**
 * The floor for the verify benchmark (`verify-bench.js --pipeline floor`): the same VictoriaLogs, Prometheus and
 * collector binaries with the cheapest pipeline a user could run, so the bench can show what the machine itself
 * allows. Logs go OTLP → batch processor → VictoriaLogs with nothing else: no persistent queue, no flushwait hold,
 * no redaction, no event counts, no journal; metrics take contrib's in-memory deltatocumulative. None of aimon's
 * guarantees hold on it (a crash loses the batch in memory and VictoriaLogs' unflushed rows); it is a measuring
 * stick, never a configuration to ship.
 */
import { findFreePort } from '../../core/ports.js';
import type { StackEndpoints } from '../../core/endpoints.js';
import { startUserStack, type CollectorPorts } from '../support/live/user-stack.js';

export interface BenchStack {
  endpoints: StackEndpoints;
  pids: { collector: number[]; victoriaLogs: number[]; prometheus: number[] };
  stop(): Promise<void>;
}

const floorPipeline = (p: CollectorPorts): string => `
receivers:
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:${p.grpc}, max_recv_msg_size_mib: 16 }
      http: { endpoint: 127.0.0.1:${p.http} }
processors:
  batch: {}
  filter/counters:
    error_mode: ignore
    metrics:
      metric:
        - type == METRIC_DATA_TYPE_HISTOGRAM or type == METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM or type == METRIC_DATA_TYPE_SUMMARY
  filter/histograms:
    error_mode: ignore
    metrics:
      metric:
        - type != METRIC_DATA_TYPE_HISTOGRAM and type != METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM and type != METRIC_DATA_TYPE_SUMMARY
  deltatocumulative: { max_stale: 5m }
exporters:
  otlphttp/logs:
    logs_endpoint: ${p.victoriaLogsUrl}/insert/opentelemetry/v1/logs
    encoding: proto
    compression: none
    headers: { VL-Stream-Fields: 'service.name,env' }
  prometheus:
    endpoint: 127.0.0.1:${p.exporter}
    resource_to_telemetry_conversion: { enabled: true }
    translation_strategy: UnderscoreEscapingWithSuffixes
  otlphttp/prometheus:
    metrics_endpoint: ${p.prometheusUrl}/api/v1/otlp/v1/metrics
    encoding: proto
    compression: none
    sending_queue: { num_consumers: 1 }
service:
  pipelines:
    logs: { receivers: [otlp], processors: [batch], exporters: [otlphttp/logs] }
    metrics/counters: { receivers: [otlp], processors: [filter/counters, deltatocumulative], exporters: [prometheus] }
    metrics/histograms:
      receivers: [otlp]
      processors: [filter/histograms, deltatocumulative]
      exporters: [otlphttp/prometheus]
  telemetry:
    metrics:
      level: detailed
      readers:
        - pull: { exporter: { prometheus: { host: 127.0.0.1, port: ${p.metrics}, without_type_suffix: false } } }
`;

/** VictoriaLogs, Prometheus and one collector with the floor pipeline, on free ports in a temporary dir. */
export async function startFloorStack(): Promise<BenchStack> {
  const stack = await startUserStack(await findFreePort());
  try {
    const collector = await stack.startCollector('collector', floorPipeline);
    const pid = (name: string): number[] => (stack.pids[name] === undefined ? [] : [stack.pids[name]]);
    return {
      endpoints: {
        otlpGrpc: collector.otlpGrpc,
        otlpHttp: `http://127.0.0.1:${collector.ports.http}`,
        collectorHealth: collector.metricsUrl,
        collectorMetrics: collector.metricsUrl,
        collectorPrometheusExporter: `http://127.0.0.1:${collector.ports.exporter}/metrics`,
        victoriaLogs: stack.victoriaLogsUrl,
        prometheus: stack.prometheusUrl,
      },
      pids: {
        collector: pid('collector'),
        victoriaLogs: pid('victoria-logs'),
        prometheus: pid('prometheus'),
      },
      stop: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
