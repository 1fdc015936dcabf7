/**
 * The expected RunLedger of real-client sessions, built from exactly what the clients sent (OTLP captured by the
 * tee on its way to the stack): event counts and the agents' breakdowns through the simulator's own ledger
 * builder, metric series by summing the DELTA points per series. Lets the dashboard checks (written against the
 * simulator's ledger) judge real Claude Code / Codex sessions.
 */
import {
  type AgentName,
  type LedgerMetricSeries,
  type MetricAttributes,
  RecordExpectations,
  type RunLedger,
} from '../../core/ledger/index.js';
import type { SimLogRecord, SimValue } from '../../simulator/agents/agent-model.js';
import { CLAUDE_CODE_BREAKDOWNS } from '../../simulator/agents/claude-code/breakdowns.js';
import { CODEX_BREAKDOWNS } from '../../simulator/agents/codex/breakdowns.js';
import type {
  AnyValueJson,
  KeyValueJson,
  OtlpLogsJson,
  OtlpMetricsJson,
} from '../support/pure/otlp-protos.js';
import { agentOf } from './telemetry-shape.js';

function simValue(value: AnyValueJson | undefined): SimValue {
  if (value?.stringValue !== undefined) return { s: value.stringValue };
  if (value?.intValue !== undefined) return { i: Number(value.intValue) };
  if (value?.doubleValue !== undefined) return { d: value.doubleValue };
  if (value?.boolValue !== undefined) return { b: value.boolValue };
  return { s: JSON.stringify(value ?? null) };
}

function plain(attributes: readonly KeyValueJson[] | undefined): MetricAttributes {
  const out: MetricAttributes = {};
  for (const { key, value } of attributes ?? []) {
    const v = simValue(value);
    out[key] = 's' in v ? v.s : 'i' in v ? v.i : 'd' in v ? v.d : 'b' in v ? v.b : '';
  }
  return out;
}

/** Qualified name as the ledger counts it: claude_code.<event.name>, Codex's event.name, else the body. */
export function qualifiedName(
  agent: AgentName,
  eventName: string | undefined,
  body: string | undefined,
): string {
  if (eventName) return agent === 'claude_code' ? `claude_code.${eventName}` : eventName;
  return body ?? '(no event.name)';
}

export interface RealLedgerInput {
  readonly runId: string;
  readonly logs: readonly OtlpLogsJson[];
  readonly metrics: readonly OtlpMetricsJson[];
  readonly window: { startMs: number; endMs: number };
}

export function ledgerFromCapture(input: RealLedgerInput): RunLedger {
  const records = new RecordExpectations({ claude_code: CLAUDE_CODE_BREAKDOWNS, codex: CODEX_BREAKDOWNS });
  let total = 0;
  for (const request of input.logs)
    for (const resourceLogs of request.resourceLogs ?? []) {
      const agent = agentOf(resourceLogs.resource?.attributes);
      if (agent === 'other') continue;
      for (const scopeLogs of resourceLogs.scopeLogs ?? [])
        for (const record of scopeLogs.logRecords ?? []) {
          const attributes = (record.attributes ?? []).map(
            ({ key, value }) => [key, simValue(value)] as const,
          );
          const eventName = attributes.find(([k]) => k === 'event.name')?.[1];
          records.add({
            agent,
            eventName: qualifiedName(
              agent,
              eventName && 's' in eventName ? eventName.s : undefined,
              record.body?.stringValue,
            ),
            attributes,
          } as unknown as SimLogRecord);
          total++;
        }
    }

  const series = new Map<string, LedgerMetricSeries>();
  for (const request of input.metrics)
    for (const resourceMetrics of request.resourceMetrics ?? []) {
      const agent = agentOf(resourceMetrics.resource?.attributes);
      if (agent === 'other') continue;
      const resource = plain(resourceMetrics.resource?.attributes);
      for (const scopeMetrics of resourceMetrics.scopeMetrics ?? [])
        for (const metric of scopeMetrics.metrics ?? []) {
          const kind = metric.histogram ? 'histogram' : 'sum';
          const delta = (metric.sum ?? metric.histogram)?.aggregationTemporality !== 2;
          const points = metric.sum?.dataPoints ?? metric.histogram?.dataPoints ?? [];
          for (const point of points) {
            const attributes = plain(point.attributes);
            const key = JSON.stringify([agent, metric.name, resource, attributes]);
            let entry = series.get(key);
            if (!entry) {
              entry = {
                agent,
                name: metric.name,
                unit: metric.unit ?? '',
                kind,
                temporality: delta ? 'delta' : 'cumulative',
                attributes,
                resource,
                value: 0,
                ...(kind === 'histogram' ? { count: 0, bucketCounts: [], explicitBounds: [] } : {}),
              };
              series.set(key, entry);
            }
            if (kind === 'histogram') {
              const h = point as {
                sum?: number;
                count?: string | number;
                bucketCounts?: Array<string | number>;
                explicitBounds?: number[];
              };
              const counts = (h.bucketCounts ?? []).map(Number);
              if (delta) {
                entry.value += h.sum ?? 0;
                entry.count = (entry.count ?? 0) + Number(h.count ?? 0);
                entry.bucketCounts = counts.map((c, i) => c + (entry!.bucketCounts?.[i] ?? 0));
              } else {
                entry.value = h.sum ?? 0;
                entry.count = Number(h.count ?? 0);
                entry.bucketCounts = counts;
              }
              entry.explicitBounds = [...(h.explicitBounds ?? [])];
            } else {
              const n = point as { asInt?: string | number; asDouble?: number };
              const value = n.asDouble ?? Number(n.asInt ?? 0);
              entry.value = delta ? entry.value + value : value;
            }
          }
        }
    }

  return {
    schema: 'aimon.ledger/v1',
    runId: input.runId,
    seed: 0,
    scenario: 'real-clients',
    protocol: 'http',
    endpoint: '',
    runTags: true,
    temporality: 'delta',
    promptsLogged: false,
    window: input.window,
    rate: { targetPerSec: null, achievedPerSec: 0 },
    records: {
      scheduled: total,
      sent: total,
      acknowledged: total,
      failed: 0,
      missed: 0,
      withheld: 0,
      duplicated: 0,
    },
    seq: { first: 0, last: -1, expected: [], failed: [], withheld: [], duplicated: [] },
    eventCounts: Object.fromEntries(records.eventCounts),
    breakdowns: records.breakdowns(),
    sessions: records.sessionCounts(),
    users: records.userCounts(),
    metrics: [...series.values()],
    timeline: [],
  };
}
