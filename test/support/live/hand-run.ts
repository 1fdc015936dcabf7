/**
 * A small, fully controlled run for the verify tests: OTLP/HTTP JSON log records and DELTA counters sent straight
 * to the collector, with the matching ledger built alongside. Faults (withheld / duplicated seq ranges) are exact.
 */
import { request } from 'undici';
import {
  BREAKDOWN_KEY_SEPARATOR,
  inRanges,
  normalizeRanges,
  type LedgerBreakdown,
  type LedgerMetricSeries,
  type RunLedger,
  type SeqRange,
} from '../../../core/ledger/index.js';

export interface HandRunOptions {
  otlpHttp: string;
  records: number;
  runId?: string;
  withhold?: SeqRange[];
  duplicate?: SeqRange[];
  batchSize?: number;
}

const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-5'];
const TOOLS = ['Bash', 'Read', 'Edit'];

interface HandRecord {
  seq: number;
  event: string;
  attrs: Record<string, string | number>;
}

function recordFor(seq: number, runId: string): HandRecord {
  const kind = seq % 4;
  const common = {
    'aimon.run_id': runId,
    'aimon.seq': seq,
    'session.id': `s-${seq % 3}`,
    'user.id': `u-${seq % 2}`,
  };
  if (kind === 3) {
    return {
      seq,
      event: 'codex.sse_event',
      attrs: {
        ...common,
        'event.name': 'codex.sse_event',
        'event.kind': 'response.completed',
        input_token_count: String(seq % 50),
      },
    };
  }
  if (kind === 2) {
    return {
      seq,
      event: 'claude_code.tool_decision',
      attrs: {
        ...common,
        'event.name': 'tool_decision',
        tool_name: TOOLS[seq % 3]!,
        decision: seq % 5 === 0 ? 'reject' : 'accept',
      },
    };
  }
  return {
    seq,
    event: 'claude_code.api_request',
    attrs: {
      ...common,
      'event.name': 'api_request',
      model: MODELS[seq % 2]!,
      input_tokens: seq % 100,
      cost_usd: (seq % 7) * 0.0001234 + 0.000001,
    },
  };
}

function otlpValue(value: string | number): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode} ${text}`);
}

export async function sendHandRun(options: HandRunOptions): Promise<RunLedger> {
  const runId = options.runId ?? `hand-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const withhold = normalizeRanges(options.withhold ?? []);
  const duplicate = normalizeRanges(options.duplicate ?? []);
  const startMs = Date.now();
  const all = Array.from({ length: options.records }, (_, seq) => recordFor(seq, runId));
  const toSend: HandRecord[] = [];
  for (const record of all) {
    if (inRanges(withhold, record.seq)) continue;
    toSend.push(record);
    if (inRanges(duplicate, record.seq)) toSend.push(record);
  }
  const batchSize = options.batchSize ?? 500;
  for (let i = 0; i < toSend.length; i += batchSize) {
    const now = `${BigInt(Date.now()) * 1_000_000n}`;
    const logRecords = toSend.slice(i, i + batchSize).map((r) => ({
      timeUnixNano: r.event.startsWith('codex.') ? '0' : now,
      observedTimeUnixNano: now,
      ...(r.event.startsWith('claude_code.') ? { body: { stringValue: r.event } } : {}),
      attributes: Object.entries(r.attrs).map(([key, value]) => ({ key, value: otlpValue(value) })),
    }));
    await post(`${options.otlpHttp}/v1/logs`, {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'aimon-verify-test' } }] },
          scopeLogs: [{ scope: { name: 'hand' }, logRecords }],
        },
      ],
    });
  }
  const metrics = await sendMetrics(options.otlpHttp, runId, all);
  const endMs = Date.now();
  return buildLedger(runId, all, { startMs, endMs }, withhold, duplicate, metrics);
}

/** Two DELTA exports (chained start times, as Claude Code does) of token and cost counters per model. */
async function sendMetrics(
  otlpHttp: string,
  runId: string,
  records: HandRecord[],
): Promise<LedgerMetricSeries[]> {
  const api = records.filter((r) => r.event === 'claude_code.api_request');
  const halves = [api.slice(0, Math.ceil(api.length / 2)), api.slice(Math.ceil(api.length / 2))];
  const resource = { 'service.name': 'claude-code', 'aimon.run_id': runId };
  const totals = new Map<string, LedgerMetricSeries>();
  let previousNs = BigInt(Date.now() - 1000) * 1_000_000n;
  for (const half of halves) {
    const nowNs = BigInt(Date.now()) * 1_000_000n + 1n;
    const points = new Map<
      string,
      { name: string; unit: string; model: string; type?: string; value: number }
    >();
    for (const r of half) {
      const model = String(r.attrs.model);
      const add = (name: string, unit: string, value: number, type?: string): void => {
        const key = `${name}|${model}|${type ?? ''}`;
        const point = points.get(key) ?? { name, unit, model, type, value: 0 };
        point.value += value;
        points.set(key, point);
      };
      add('claude_code.token.usage', 'tokens', Number(r.attrs.input_tokens), 'input');
      add('claude_code.cost.usage', 'USD', Number(r.attrs.cost_usd));
    }
    const metrics = [...points.values()].map((p) => {
      const attributes: Record<string, string> = { model: p.model, ...(p.type ? { type: p.type } : {}) };
      const key = `${p.name}|${p.model}|${p.type ?? ''}`;
      const series = totals.get(key) ?? {
        agent: 'claude_code' as const,
        name: p.name,
        unit: p.unit,
        kind: 'sum' as const,
        temporality: 'delta' as const,
        attributes,
        resource,
        value: 0,
      };
      series.value += p.value;
      totals.set(key, series);
      return {
        name: p.name,
        unit: p.unit,
        sum: {
          aggregationTemporality: 1,
          isMonotonic: true,
          dataPoints: [
            {
              attributes: Object.entries(attributes).map(([k, v]) => ({ key: k, value: { stringValue: v } })),
              startTimeUnixNano: `${previousNs}`,
              timeUnixNano: `${nowNs}`,
              asDouble: p.value,
            },
          ],
        },
      };
    });
    previousNs = nowNs;
    await post(`${otlpHttp}/v1/metrics`, {
      resourceMetrics: [
        {
          resource: {
            attributes: Object.entries(resource).map(([k, v]) => ({ key: k, value: { stringValue: v } })),
          },
          scopeMetrics: [{ scope: { name: 'com.anthropic.claude_code' }, metrics }],
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  return [...totals.values()];
}

function buildLedger(
  runId: string,
  records: HandRecord[],
  window: { startMs: number; endMs: number },
  withheld: SeqRange[],
  duplicated: SeqRange[],
  metrics: LedgerMetricSeries[],
): RunLedger {
  const eventCounts: Record<string, number> = {};
  for (const r of records) eventCounts[r.event] = (eventCounts[r.event] ?? 0) + 1;
  const breakdown = (
    spec: Omit<LedgerBreakdown, 'values'>,
    pick: (r: HandRecord) => number,
  ): LedgerBreakdown => {
    const values: Record<string, number> = {};
    for (const r of records) {
      if (`${r.event}` !== spec.event) continue;
      if (spec.where && !Object.entries(spec.where).every(([k, v]) => String(r.attrs[k]) === v)) continue;
      const key = spec.by.map((f) => String(r.attrs[f] ?? '')).join(BREAKDOWN_KEY_SEPARATOR);
      values[key] = (values[key] ?? 0) + pick(r);
    }
    return { ...spec, values };
  };
  const breakdowns = [
    breakdown(
      {
        id: 'api_request.by_model',
        title: 'API requests by model',
        agent: 'claude_code',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'count',
      },
      () => 1,
    ),
    breakdown(
      {
        id: 'api_request.cost_usd.by_model',
        title: 'Cost by model',
        agent: 'claude_code',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'sum',
        field: 'cost_usd',
      },
      (r) => Number(r.attrs.cost_usd),
    ),
    breakdown(
      {
        id: 'api_request.input_tokens.by_model',
        title: 'Input tokens by model',
        agent: 'claude_code',
        event: 'claude_code.api_request',
        by: ['model'],
        op: 'sum',
        field: 'input_tokens',
      },
      (r) => Number(r.attrs.input_tokens),
    ),
    breakdown(
      {
        id: 'tool_decision.by_tool_decision',
        title: 'Tool decisions by tool and decision',
        agent: 'claude_code',
        event: 'claude_code.tool_decision',
        by: ['tool_name', 'decision'],
        op: 'count',
      },
      () => 1,
    ),
    breakdown(
      {
        id: 'codex.sse_event.completed.input_tokens',
        title: 'Codex input tokens (response.completed)',
        agent: 'codex',
        event: 'codex.sse_event',
        where: { 'event.kind': 'response.completed' },
        by: [],
        op: 'sum',
        field: 'input_token_count',
      },
      (r) => Number(r.attrs.input_token_count),
    ),
  ];
  const last = records.length - 1;
  const seconds = Math.max(1, (window.endMs - window.startMs) / 1000);
  const duplicatedCount = duplicated.reduce((n, [a, b]) => n + b - a + 1, 0);
  const withheldCount = withheld.reduce((n, [a, b]) => n + b - a + 1, 0);
  return {
    schema: 'aimon.ledger/v1',
    runId,
    seed: 1,
    scenario: 'hand-run',
    protocol: 'http',
    endpoint: 'otlp/http json',
    runTags: true,
    temporality: 'delta',
    promptsLogged: false,
    window,
    rate: { targetPerSec: null, achievedPerSec: records.length / seconds },
    records: {
      scheduled: records.length,
      sent: records.length - withheldCount,
      acknowledged: records.length - withheldCount,
      failed: 0,
      missed: 0,
      withheld: withheldCount,
      duplicated: duplicatedCount,
    },
    seq: { first: 0, last, expected: [[0, last]], failed: [], withheld, duplicated },
    eventCounts,
    breakdowns,
    sessions: { claude_code: 3, codex: 3 },
    users: { claude_code: 2, codex: 2 },
    metrics,
    timeline: [
      {
        second: Math.floor(window.startMs / 1000),
        scheduled: records.length,
        sent: records.length,
        acknowledged: records.length,
        failed: 0,
        missed: 0,
      },
    ],
  };
}
