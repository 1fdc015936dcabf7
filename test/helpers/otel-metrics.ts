import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** A pull reader we collect by hand, so each collection is exactly one export (one delta point). */
class ManualReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function post(url: string, metrics: ResourceMetrics): Promise<void> {
  const body = ProtobufMetricsSerializer.serializeRequest(metrics);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  });
  if (response.status !== 200)
    throw new Error(`OTLP metrics export answered ${response.status}: ${await response.text()}`);
}

/**
 * Sends the counter `aimon.test.counter` with the OpenTelemetry JS metrics SDK, one export per increment,
 * in the given temporality (DELTA like Claude Code and Codex, or CUMULATIVE).
 */
export async function sendCounter(
  url: string,
  options: { runId: string; temporality: 'delta' | 'cumulative'; increments: number[] },
): Promise<void> {
  const reader = new ManualReader({
    aggregationTemporalitySelector: () =>
      options.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'aimon-stack-test' }),
    readers: [reader],
  });
  const counter = provider.getMeter('aimon.test').createCounter('aimon.test.counter');
  for (const increment of options.increments) {
    counter.add(increment, { 'aimon.run_id': options.runId, temporality: options.temporality });
    const { resourceMetrics } = await reader.collect();
    await post(url, resourceMetrics);
  }
  await provider.shutdown();
}
