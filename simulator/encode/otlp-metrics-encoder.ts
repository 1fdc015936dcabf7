import type { MetricPoint } from '../metrics/metric-accumulator.js';
import { attributesJson, writeAttributes } from './attributes-encoder.js';
import { encodeScopeField, groupByResourceAndScope, scopeJson } from './otlp-logs-encoder.js';
import { msToNanosString, ProtoWriter } from './proto-writer.js';

// Field numbers from opentelemetry/proto/{collector/metrics,metrics}/v1/*.proto.
const TEMPORALITY = { delta: 1, cumulative: 2 } as const;

function groupByMetric(points: readonly MetricPoint[]): MetricPoint[][] {
  const byName = new Map<string, MetricPoint[]>();
  for (const p of points) {
    const key = `${p.series.name}\u0000${p.series.kind}\u0000${p.series.unit}`;
    let list = byName.get(key);
    if (!list) byName.set(key, (list = []));
    list.push(p);
  }
  return [...byName.values()];
}

/** ExportMetricsServiceRequest protobuf. */
export function encodeMetricsRequest(points: readonly MetricPoint[]): Buffer {
  const w = new ProtoWriter(64 * 1024);
  for (const group of groupByResourceAndScope(points, (p) => p.series)) {
    const rm = w.begin(1, 4);
    const res = w.begin(1, 2);
    writeAttributes(w, 1, group.resource.attributes);
    w.end(res);
    for (const scoped of group.scopes) {
      const sm = w.begin(2, 4);
      w.raw(encodeScopeField(1, scoped.scope));
      for (const metricPoints of groupByMetric(scoped.items)) {
        const first = metricPoints[0]!;
        const s = first.series;
        const metric = w.begin(2, 3);
        w.string(1, s.name);
        if (s.description) w.string(2, s.description);
        if (s.unit) w.string(3, s.unit);
        const data = w.begin(s.kind === 'sum' ? 7 : 9, 3);
        for (const p of metricPoints) {
          if (s.kind === 'sum') writeNumberPoint(w, p);
          else writeHistogramPoint(w, p);
        }
        w.tag(2, 0);
        w.varint(TEMPORALITY[first.temporality]);
        if (s.kind === 'sum') {
          w.tag(3, 0);
          w.bool(true);
        }
        w.end(data);
        w.end(metric);
      }
      w.end(sm);
    }
    w.end(rm);
  }
  return w.finish();
}

function writeNumberPoint(w: ProtoWriter, p: MetricPoint): void {
  const dp = w.begin(1, 2);
  w.tag(2, 1);
  w.fixed64MsAsNanos(p.startMs);
  w.tag(3, 1);
  w.fixed64MsAsNanos(p.timeMs);
  if (p.series.valueType === 'int') {
    w.tag(6, 1);
    w.ensure(8);
    w.buf.writeBigInt64LE(BigInt(Math.round(p.value)), w.pos);
    w.pos += 8;
  } else {
    w.tag(4, 1);
    w.double(p.value);
  }
  writeAttributes(w, 7, p.series.attributes);
  w.end(dp);
}

function writeHistogramPoint(w: ProtoWriter, p: MetricPoint): void {
  const dp = w.begin(1, 2);
  w.tag(2, 1);
  w.fixed64MsAsNanos(p.startMs);
  w.tag(3, 1);
  w.fixed64MsAsNanos(p.timeMs);
  w.tag(4, 1);
  w.fixed64(p.count ?? 0);
  w.tag(5, 1);
  w.double(p.value);
  const buckets = p.bucketCounts ?? [];
  w.tag(6, 2);
  w.varint(buckets.length * 8);
  for (const c of buckets) w.fixed64(c);
  const bounds = p.series.explicitBounds ?? [];
  if (bounds.length) {
    w.tag(7, 2);
    w.varint(bounds.length * 8);
    for (const b of bounds) w.double(b);
  }
  writeAttributes(w, 9, p.series.attributes);
  if (p.count && Number.isFinite(p.min)) {
    w.tag(11, 1);
    w.double(p.min!);
    w.tag(12, 1);
    w.double(p.max!);
  }
  w.end(dp);
}

/** The same request as OTLP/JSON (protojson: 64-bit integers as strings). */
export function metricsRequestJson(points: readonly MetricPoint[]): Record<string, unknown> {
  return {
    resourceMetrics: groupByResourceAndScope(points, (p) => p.series).map((group) => ({
      resource: { attributes: attributesJson(group.resource.attributes) },
      scopeMetrics: group.scopes.map((scoped) => ({
        scope: scopeJson(scoped.scope),
        metrics: groupByMetric(scoped.items).map((metricPoints) => {
          const s = metricPoints[0]!.series;
          const temporality = TEMPORALITY[metricPoints[0]!.temporality];
          const dataPoints = metricPoints.map((p) => {
            const base: Record<string, unknown> = {
              attributes: attributesJson(p.series.attributes),
              startTimeUnixNano: msToNanosString(p.startMs),
              timeUnixNano: msToNanosString(p.timeMs),
            };
            if (s.kind === 'sum') {
              if (s.valueType === 'int') base.asInt = String(Math.round(p.value));
              else base.asDouble = p.value;
              return base;
            }
            base.count = String(p.count ?? 0);
            base.sum = p.value;
            base.bucketCounts = (p.bucketCounts ?? []).map(String);
            base.explicitBounds = [...(s.explicitBounds ?? [])];
            if (p.count && Number.isFinite(p.min)) {
              base.min = p.min;
              base.max = p.max;
            }
            return base;
          });
          const metric: Record<string, unknown> = { name: s.name };
          if (s.description) metric.description = s.description;
          if (s.unit) metric.unit = s.unit;
          if (s.kind === 'sum')
            metric.sum = { dataPoints, aggregationTemporality: temporality, isMonotonic: true };
          else metric.histogram = { dataPoints, aggregationTemporality: temporality };
          return metric;
        }),
      })),
    })),
  };
}
