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
  let lastCollectionMs = -Infinity;
  for (const increment of options.increments) {
    // Collect in a later millisecond than the last collection, as a periodic reader (one collection per export
    // interval) always does. The JS SDK stamps a collection with Date.now(), so two collections one localhost
    // round trip apart (under 1 ms on a fast machine) can share a millisecond: the second delta point is then
    // (start = time = the first point's time), and the collector's deltatocumulative drops it as out of order
    // (it needs each point's time to be after the stream's last; otelcol_deltatocumulative_datapoints_total
    // {error="delta.ErrOutOfOrder"}), so the counter read 8 or 9 instead of 10.
    while (Date.now() <= lastCollectionMs) await new Promise((resolve) => setTimeout(resolve, 1));
    counter.add(increment, { 'aimon.run_id': options.runId, temporality: options.temporality });
    const { resourceMetrics } = await reader.collect();
    lastCollectionMs = Math.max(lastCollectionMs, collectionTimeMs(resourceMetrics));
    await post(url, resourceMetrics);
  }
  await provider.shutdown();
}

/** The collection's timestamp (every point's end time), in ms. */
function collectionTimeMs(metrics: ResourceMetrics): number {
  let ms = -Infinity;
  for (const scope of metrics.scopeMetrics)
    for (const metric of scope.metrics)
      for (const point of metric.dataPoints) {
        const [seconds, nanos] = point.endTime;
        ms = Math.max(ms, seconds * 1000 + nanos / 1e6);
      }
  return ms;
}
