import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest } from '../../test/support/pure/otlp-protos.js';
import type { SimLogRecord, SimResource } from '../agents/agent-model.js';
import { MetricAccumulator } from '../metrics/metric-accumulator.js';
import { logsRequestJson, OtlpLogsEncoder } from './otlp-logs-encoder.js';
import { encodeMetricsRequest, metricsRequestJson } from './otlp-metrics-encoder.js';

const claude: SimResource = {
  id: 0,
  agent: 'claude_code',
  attributes: [['service.name', { s: 'claude-code' }]],
};
const codex: SimResource = { id: 1, agent: 'codex', attributes: [['service.name', { s: 'codex_exec' }]] };
const longText = 'ü'.repeat(100) + 'x'.repeat(300);

const records: SimLogRecord[] = [
  {
    agent: 'claude_code',
    eventName: 'claude_code.api_request',
    resource: claude,
    scope: { name: 'com.anthropic.claude_code.events', version: '2.1.332' },
    timeUnixMs: 1795780668182,
    observedTimeUnixMs: 1795780668182,
    body: 'claude_code.api_request',
    attributes: [
      ['event.name', { s: 'api_request' }],
      ['input_tokens', { i: 2 ** 40 + 3 }],
      ['negative', { i: -5 }],
      ['cost_usd', { d: 0.0123 }],
      ['anthropic.custom_base_url', { b: false }],
      ['tool_parameters', { s: longText }],
      ['list', { a: ['a', 'b'] }],
    ],
  },
  {
    agent: 'codex',
    eventName: 'codex.sse_event',
    resource: codex,
    scope: { name: 'codex_otel.log_only' },
    timeUnixMs: 0,
    observedTimeUnixMs: 1795780668183.5,
    severityNumber: 9,
    severityText: 'INFO',
    otlpEventName: 'event otel/src/events/session_telemetry.rs:377',
    attributes: [
      ['event.name', { s: 'codex.sse_event' }],
      ['duration_ms', { s: '38' }],
      ['cached_token_count', { i: 38 }],
    ],
  },
];

describe('OTLP logs encoder', () => {
  const seqRecords = records.map((record, i) => ({ seq: i + 41, record }));

  it('round-trips through the OTLP protos with exact types, times and aimon tags', () => {
    const bytes = new OtlpLogsEncoder({ runId: 'r1', enabled: true }).encode(seqRecords);
    const decoded = decodeLogsRequest(bytes);
    // The protobuf decoded to protojson equals our own OTLP/JSON rendering of the same request.
    expect(decoded).toEqual(logsRequestJson(seqRecords, { runId: 'r1', enabled: true }));
    const claudeRecord = decoded.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!;
    expect(claudeRecord.timeUnixNano).toBe('1795780668182000000');
    expect(claudeRecord.attributes).toContainEqual({
      key: 'input_tokens',
      value: { intValue: String(2 ** 40 + 3) },
    });
    expect(claudeRecord.attributes).toContainEqual({ key: 'negative', value: { intValue: '-5' } });
    expect(claudeRecord.attributes).toContainEqual({
      key: 'tool_parameters',
      value: { stringValue: longText },
    });
    expect(claudeRecord.attributes!.slice(-2)).toEqual([
      { key: 'aimon.run_id', value: { stringValue: 'r1' } },
      { key: 'aimon.seq', value: { intValue: '41' } },
    ]);
    const codexRecord = decoded.resourceLogs![1]!.scopeLogs![0]!.logRecords![0]!;
    expect(codexRecord.timeUnixNano).toBeUndefined();
    expect(codexRecord.observedTimeUnixNano).toBe('1795780668183500000');
    expect(codexRecord.body).toBeUndefined();
    expect(decoded.resourceLogs![1]!.scopeLogs![0]!.scope).toEqual({ name: 'codex_otel.log_only' });
  });

  it('encodes every string shape the fast paths special-case: short ASCII, non-ASCII, stable ids, long', () => {
    const sessionId = { s: 'a1b2c3d4-0000-4000-8000-123456789abc' };
    const attrs = (i: number): SimLogRecord['attributes'] => [
      ['session.id', sessionId], // a stable key: cached by value after the first record
      ['user.email', { s: 'zoë@example.com' }], // stable key, non-ASCII
      ['terminal.type', { s: '' }], // stable key, empty
      ['event.timestamp', { s: `2026-11-27T12:00:0${i}.000Z` }],
      ['prompt', { s: 'héllo wörld' }], // short, non-ASCII: falls back after a partial write
      ['x'.repeat(100), { s: 'y'.repeat(30) }], // key too long for the one-pass path
      ['edge', { s: 'z'.repeat(121 - 'edge'.length) }], // KeyValue length right at the one-byte limit
      ['long', { s: 'w'.repeat(200) }],
      ['seq', { i: i }],
    ];
    const many = [0, 1, 2].map((i) => ({
      seq: i,
      record: { ...records[0]!, attributes: attrs(i) },
    }));
    const bytes = new OtlpLogsEncoder({ runId: 'r1', enabled: true }).encode(many);
    const decoded = decodeLogsRequest(bytes);
    expect(decoded).toEqual(logsRequestJson(many, { runId: 'r1', enabled: true }));
    expect(decoded.resourceLogs![0]!.scopeLogs![0]!.logRecords).toHaveLength(3);
  });

  it('leaves the aimon tags out with --no-run-tags', () => {
    const bytes = new OtlpLogsEncoder({ runId: 'r1', enabled: false }).encode(seqRecords);
    const text = JSON.stringify(decodeLogsRequest(bytes));
    expect(text).not.toContain('aimon.');
  });

  it('reuses cached resource bytes across requests without corrupting them', () => {
    const encoder = new OtlpLogsEncoder({ runId: 'r1', enabled: true });
    const first = encoder.encode(seqRecords);
    const second = encoder.encode(seqRecords);
    expect(second.equals(first)).toBe(true);
  });
});

describe('OTLP metrics encoder', () => {
  it("keeps each data point's own attributes when one metric has several series (OTLP/JSON too)", () => {
    const acc = new MetricAccumulator('delta', 1000, []);
    for (const status of ['200', '500']) {
      acc.add({
        resource: codex,
        scope: { name: 'codex' },
        name: 'codex.api_request',
        unit: '',
        description: 'requests',
        kind: 'sum',
        valueType: 'int',
        attributes: [['status', { s: status }]],
        value: 1,
      });
    }
    const points = acc.collect(2000);
    const json = metricsRequestJson(points) as {
      resourceMetrics: Array<{
        scopeMetrics: Array<{ metrics: Array<{ sum: { dataPoints: Array<{ attributes: unknown }> } }> }>;
      }>;
    };
    const dataPoints = json.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints;
    expect(dataPoints.map((p) => p.attributes)).toEqual([
      [{ key: 'status', value: { stringValue: '200' } }],
      [{ key: 'status', value: { stringValue: '500' } }],
    ]);
    const decoded = decodeMetricsRequest(encodeMetricsRequest(points));
    expect(decoded).toEqual(json);
  });

  it('encodes delta sums (double and int) and histograms that decode to our OTLP/JSON', () => {
    const acc = new MetricAccumulator('delta', 1000, [['aimon.run_id', { s: 'r1' }]]);
    const scope = { name: 'codex' };
    const attrs = [['model', { s: 'gpt-5.1-codex' }]] as const;
    acc.add({
      resource: codex,
      scope,
      name: 'codex.api_request',
      unit: '',
      description: 'requests',
      kind: 'sum',
      valueType: 'int',
      attributes: attrs,
      value: 2,
    });
    acc.add({
      resource: codex,
      scope,
      name: 'codex.turn.token_usage',
      unit: '',
      description: 't',
      kind: 'histogram',
      valueType: 'double',
      attributes: attrs,
      value: 7,
      explicitBounds: [0, 5, 10],
    });
    acc.add({
      resource: claude,
      scope: { name: 'com.anthropic.claude_code', version: '2.1.332' },
      name: 'claude_code.cost.usage',
      unit: 'USD',
      description: 'cost',
      kind: 'sum',
      valueType: 'double',
      attributes: [],
      value: 0.5,
    });
    const points = acc.collect(2000);
    const decoded = decodeMetricsRequest(encodeMetricsRequest(points));
    expect(decoded).toEqual(metricsRequestJson(points));
    const codexMetrics = decoded.resourceMetrics![0]!.scopeMetrics![0]!.metrics!;
    expect(codexMetrics[0]!.sum).toMatchObject({ aggregationTemporality: 1, isMonotonic: true });
    expect(codexMetrics[0]!.sum!.dataPoints![0]).toMatchObject({
      asInt: '2',
      startTimeUnixNano: '1000000000',
      timeUnixNano: '2000000000',
    });
    expect(codexMetrics[1]!.histogram!.dataPoints![0]).toMatchObject({
      count: '1',
      sum: 7,
      bucketCounts: ['0', '0', '1', '0'],
      explicitBounds: [0, 5, 10],
    });
    expect(decoded.resourceMetrics![1]!.scopeMetrics![0]!.metrics![0]!.sum!.dataPoints![0]!.asDouble).toBe(
      0.5,
    );
  });
});
