/**
 * The schema of OTLP output, independent of values: per event and per metric, which attribute keys carry
 * which value types, where the event name sits (body / event.name), severity and time conventions, and the
 * resource and scope each arrives with. Built the same way from real-client captures and simulator output.
 */
import type {
  AnyValueJson,
  KeyValueJson,
  OtlpLogsJson,
  OtlpMetricsJson,
} from '../support/pure/otlp-protos.js';

export type ValueType = 'string' | 'int' | 'double' | 'bool' | 'array' | 'kvlist' | 'bytes' | 'empty';
export type Agent = 'claude_code' | 'codex' | 'other';

export interface KeyTypes {
  /** key → value types seen. */
  readonly types: Map<string, Set<ValueType>>;
}

export interface LogShape extends KeyTypes {
  readonly key: string;
  readonly agent: Agent;
  /** Descriptors of placement/convention facts, e.g. "body=claude_code.<event>", "time=zero". */
  readonly facts: Set<string>;
  readonly scopes: Set<string>;
  count: number;
}

export interface MetricShape extends KeyTypes {
  readonly key: string;
  readonly agent: Agent;
  readonly facts: Set<string>;
  readonly scopes: Set<string>;
  count: number;
}

export interface TelemetryShape {
  readonly logs: Map<string, LogShape>;
  readonly metrics: Map<string, MetricShape>;
  /** "<agent>/logs" and "<agent>/metrics" → resource attribute key types (Codex's differ per signal). */
  readonly resources: Map<string, KeyTypes>;
}

export function emptyShape(): TelemetryShape {
  return { logs: new Map(), metrics: new Map(), resources: new Map() };
}

export function valueType(value: AnyValueJson | undefined): ValueType {
  if (!value) return 'empty';
  if (value.stringValue !== undefined) return 'string';
  if (value.intValue !== undefined) return 'int';
  if (value.doubleValue !== undefined) return 'double';
  if (value.boolValue !== undefined) return 'bool';
  if (value.arrayValue !== undefined) return 'array';
  if (value.kvlistValue !== undefined) return 'kvlist';
  if (value.bytesValue !== undefined) return 'bytes';
  return 'empty';
}

function addTypes(
  target: Map<string, Set<ValueType>>,
  attributes: readonly KeyValueJson[] | undefined,
): void {
  for (const { key, value } of attributes ?? []) {
    let set = target.get(key);
    if (!set) target.set(key, (set = new Set()));
    set.add(valueType(value));
  }
}

function stringAttr(attributes: readonly KeyValueJson[] | undefined, key: string): string | undefined {
  return attributes?.find((a) => a.key === key)?.value?.stringValue;
}

export function agentOf(resourceAttributes: readonly KeyValueJson[] | undefined): Agent {
  const service = stringAttr(resourceAttributes, 'service.name') ?? '';
  if (service === 'claude-code') return 'claude_code';
  if (service.startsWith('codex')) return 'codex';
  return 'other';
}

function isZeroTime(nanos: string | number | undefined): boolean {
  return nanos === undefined || nanos === '0' || nanos === 0;
}

function resourceShape(shape: TelemetryShape, key: string): KeyTypes {
  let resource = shape.resources.get(key);
  if (!resource) shape.resources.set(key, (resource = { types: new Map() }));
  return resource;
}

export function addLogs(shape: TelemetryShape, request: OtlpLogsJson): void {
  for (const resourceLogs of request.resourceLogs ?? []) {
    const agent = agentOf(resourceLogs.resource?.attributes);
    addTypes(resourceShape(shape, `${agent}/logs`).types, resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = `${scopeLogs.scope?.name ?? ''}@${scopeLogs.scope?.version ?? ''}`;
      for (const record of scopeLogs.logRecords ?? []) {
        const eventName = stringAttr(record.attributes, 'event.name');
        const body = record.body?.stringValue;
        const key =
          agent === 'claude_code' && eventName
            ? `claude_code.${eventName}`
            : (eventName ?? `${scopeLogs.scope?.name ?? '?'}: ${body ?? '(no body, no event.name)'}`);
        let log = shape.logs.get(key);
        if (!log) {
          log = { key, agent, types: new Map(), facts: new Set(), scopes: new Set(), count: 0 };
          shape.logs.set(key, log);
        }
        log.count++;
        log.scopes.add(scope);
        addTypes(log.types, record.attributes);
        log.facts.add(`body: ${bodyFact(record.body, key, eventName)}`);
        log.facts.add(
          `event.name attribute: ${eventName === undefined ? 'absent' : eventName === key ? '= qualified name' : `= name without "${key.slice(0, key.length - eventName.length)}"`}`,
        );
        log.facts.add(`severity: ${record.severityNumber ?? 0}/${record.severityText ?? ''}`);
        log.facts.add(`timeUnixNano: ${isZeroTime(record.timeUnixNano) ? '0' : 'set'}`);
        log.facts.add(`observedTimeUnixNano: ${isZeroTime(record.observedTimeUnixNano) ? '0' : 'set'}`);
        log.facts.add(`OTLP eventName: ${record.eventName ? 'set' : 'unset'}`);
      }
    }
  }
}

function bodyFact(body: AnyValueJson | undefined, key: string, eventName: string | undefined): string {
  if (!body) return 'none';
  const type = valueType(body);
  if (type !== 'string') return type;
  if (body.stringValue === key && eventName !== undefined) return 'string = qualified event name';
  return 'string (other)';
}

export function addMetrics(shape: TelemetryShape, request: OtlpMetricsJson): void {
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const agent = agentOf(resourceMetrics.resource?.attributes);
    addTypes(resourceShape(shape, `${agent}/metrics`).types, resourceMetrics.resource?.attributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const scope = `${scopeMetrics.scope?.name ?? ''}@${scopeMetrics.scope?.version ?? ''}`;
      for (const metric of scopeMetrics.metrics ?? []) {
        let entry = shape.metrics.get(metric.name);
        if (!entry) {
          entry = {
            key: metric.name,
            agent,
            types: new Map(),
            facts: new Set(),
            scopes: new Set(),
            count: 0,
          };
          shape.metrics.set(metric.name, entry);
        }
        entry.count++;
        entry.scopes.add(scope);
        entry.facts.add(`unit: "${metric.unit ?? ''}"`);
        if (metric.sum) {
          entry.facts.add(
            `kind: sum, temporality ${metric.sum.aggregationTemporality ?? 0}, monotonic ${metric.sum.isMonotonic === true}`,
          );
          for (const point of metric.sum.dataPoints ?? []) {
            entry.facts.add(
              `value: ${point.asDouble !== undefined ? 'asDouble' : point.asInt !== undefined ? 'asInt' : 'none'}`,
            );
            addTypes(entry.types, point.attributes);
          }
        } else if (metric.histogram) {
          entry.facts.add(`kind: histogram, temporality ${metric.histogram.aggregationTemporality ?? 0}`);
          for (const point of metric.histogram.dataPoints ?? []) {
            entry.facts.add(`bounds: [${(point.explicitBounds ?? []).join(',')}]`);
            addTypes(entry.types, point.attributes);
          }
        } else if (metric.gauge) {
          entry.facts.add('kind: gauge');
          for (const point of metric.gauge.dataPoints ?? []) {
            entry.facts.add(
              `value: ${point.asDouble !== undefined ? 'asDouble' : point.asInt !== undefined ? 'asInt' : 'none'}`,
            );
            addTypes(entry.types, point.attributes);
          }
        } else {
          entry.facts.add('kind: other');
        }
      }
    }
  }
}
