/**
 * A small, fully known Claude Code + Codex run sent as OTLP/JSON to the collector's HTTP receiver, with the ledger
 * it implies (breakdowns, metric final values, event counts). Shapes follow telemetry.md: Claude bodies
 * "claude_code.<event>" with unprefixed event.name, DELTA double sums; Codex without body, timeUnixNano 0,
 * prefixed event.name, int sums and ms histograms.
 */
import {
  BREAKDOWN_KEY_SEPARATOR,
  type LedgerBreakdown,
  type LedgerMetricSeries,
  type RunLedger,
} from '../../core/ledger/index.js';

type AttrValue = string | number | boolean;
type Attrs = Record<string, AttrValue>;

const MS_BOUNDS = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 3000, 3500, 4000, 4500,
  5000, 6000, 7000, 7500, 8000, 9000, 10000, 12000, 15000, 20000, 30000, 60000, 120000,
];
const TOKEN_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

function otlpValue(value: AttrValue, intsAsStrings = false): Record<string, unknown> {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { intValue: intsAsStrings ? String(value) : value };
    return { doubleValue: value };
  }
  return { stringValue: value };
}

function otlpAttrs(attrs: Attrs, intsAsStrings = false): Array<Record<string, unknown>> {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: otlpValue(value, intsAsStrings) }));
}

interface LogRecord {
  agent: 'claude_code' | 'codex';
  event: string;
  attrs: Attrs;
  resource: Attrs;
}

interface MetricPoint {
  agent: 'claude_code' | 'codex';
  name: string;
  unit: string;
  kind: 'sum' | 'histogram';
  attrs: Attrs;
  resource: Attrs;
  /** Sum: delta increments sent as consecutive points. Histogram: observations. */
  values: number[];
  bounds?: number[];
}

export interface HandBuiltRun {
  ledger: RunLedger;
  /** Log records per session (Claude session.id, Codex conversation.id). */
  sessionEvents: Record<string, number>;
  /** OTLP/JSON bodies for POST /v1/logs and /v1/metrics, in order. */
  logBodies: unknown[];
  metricBodies: unknown[];
}

export interface HandBuiltOptions {
  runId: string;
  nowMs: number;
}

export function buildHandBuiltRun({ runId, nowMs }: HandBuiltOptions): HandBuiltRun {
  const logs: LogRecord[] = [];
  const metrics: MetricPoint[] = [];
  const tag = { 'aimon.run_id': runId };

  // ---- Claude Code: two users in two teams, three sessions.
  const claudeUsers = [
    {
      user: 'a'.repeat(64),
      team: 'alpha',
      sessions: ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'],
    },
    { user: 'b'.repeat(64), team: 'beta', sessions: ['33333333-3333-4333-8333-333333333333'] },
  ];
  const prices: Record<string, { in: number; out: number; read: number; write: number }> = {
    'claude-sonnet-4-5-20250929': { in: 3, out: 15, read: 0.3, write: 3.75 },
    'claude-opus-4-5-20251101': { in: 5, out: 25, read: 0.5, write: 6.25 },
  };
  let seq = 0;
  claudeUsers.forEach(({ user, team, sessions }, userIndex) => {
    for (const [sessionIndex, session] of sessions.entries()) {
      const resource = {
        'service.name': 'claude-code',
        'service.version': '2.1.332',
        'os.type': 'linux',
        'team.id': team,
        ...tag,
      };
      const common = { 'user.id': user, 'session.id': session, 'terminal.type': 'vscode', 'team.id': team };
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.session.count',
        unit: '',
        kind: 'sum',
        attrs: { ...common, start_type: 'fresh', ...tag },
        resource,
        values: [1],
      });
      const model = sessionIndex === 0 ? 'claude-sonnet-4-5-20250929' : 'claude-opus-4-5-20251101';
      const price = prices[model]!;
      const requests = 2 + userIndex + sessionIndex;
      const costs: number[] = [];
      const tokenTotals = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
      for (let r = 0; r < requests; r++) {
        const input = 100 + 17 * r + 5 * userIndex;
        const output = 300 + 31 * r;
        const cacheRead = 20_000 + 1_000 * r;
        const cacheCreation = 500 + 10 * r;
        const cost =
          (input * price.in + output * price.out + cacheRead * price.read + cacheCreation * price.write) /
          1e6;
        costs.push(cost);
        tokenTotals.input += input;
        tokenTotals.output += output;
        tokenTotals.cacheRead += cacheRead;
        tokenTotals.cacheCreation += cacheCreation;
        logs.push({
          agent: 'claude_code',
          event: 'api_request',
          resource,
          attrs: {
            ...common,
            'event.sequence': seq++,
            model,
            input_tokens: input,
            output_tokens: output,
            cache_read_tokens: cacheRead,
            cache_creation_tokens: cacheCreation,
            cost_usd: cost,
            duration_ms: 900 + 137 * r + 50 * userIndex,
            ttft_ms: 300 + 41 * r,
            ...tag,
          },
        });
      }
      const tools: Array<[string, 'accept' | 'reject', string, boolean]> = [
        ['Bash', 'accept', 'user_temporary', true],
        ['Edit', 'accept', 'config', sessionIndex === 0],
        ['Write', 'reject', 'user_reject', false],
      ];
      tools.forEach(([tool, decision, source, success], t) => {
        logs.push({
          agent: 'claude_code',
          event: 'tool_decision',
          resource,
          attrs: { ...common, tool_name: tool, decision, source, ...tag },
        });
        if (decision === 'accept') {
          logs.push({
            agent: 'claude_code',
            event: 'tool_result',
            resource,
            attrs: {
              ...common,
              tool_name: tool,
              success: String(success),
              duration_ms: String(40 + 13 * t + 7 * userIndex),
              ...(success ? {} : { error_type: 'ShellError' }),
              ...tag,
            },
          });
        }
      });
      if (userIndex === 1) {
        logs.push({
          agent: 'claude_code',
          event: 'api_error',
          resource,
          attrs: { ...common, model, status_code: 529, attempt: 10, duration_ms: 1200, ...tag },
        });
        logs.push({
          agent: 'claude_code',
          event: 'api_error',
          resource,
          attrs: { ...common, model, status_code: 429, attempt: 10, duration_ms: 800, ...tag },
        });
        logs.push({
          agent: 'claude_code',
          event: 'api_retries_exhausted',
          resource,
          attrs: { ...common, model, status_code: 429, total_attempts: 11, ...tag },
        });
      }
      const modelAttrs = { ...common, model, query_source: 'main', ...tag };
      // Cost in two chained delta exports, to prove accumulation.
      const half = Math.floor(costs.length / 2);
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.cost.usage',
        unit: 'USD',
        kind: 'sum',
        attrs: modelAttrs,
        resource,
        values: [
          costs.slice(0, half).reduce((a, b) => a + b, 0),
          costs.slice(half).reduce((a, b) => a + b, 0),
        ],
      });
      for (const [type, value] of Object.entries(tokenTotals)) {
        metrics.push({
          agent: 'claude_code',
          name: 'claude_code.token.usage',
          unit: 'tokens',
          kind: 'sum',
          attrs: { ...modelAttrs, type },
          resource,
          values: [value],
        });
      }
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.active_time.total',
        unit: 's',
        kind: 'sum',
        attrs: { ...common, type: 'cli', ...tag },
        resource,
        values: [12.5 + sessionIndex, 3.25],
      });
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.active_time.total',
        unit: 's',
        kind: 'sum',
        attrs: { ...common, type: 'user', ...tag },
        resource,
        values: [30 + userIndex],
      });
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.lines_of_code.count',
        unit: '',
        kind: 'sum',
        attrs: { ...common, type: 'added', model, ...tag },
        resource,
        values: [40 + userIndex],
      });
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.lines_of_code.count',
        unit: '',
        kind: 'sum',
        attrs: { ...common, type: 'removed', model, ...tag },
        resource,
        values: [7],
      });
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.code_edit_tool.decision',
        unit: '',
        kind: 'sum',
        attrs: {
          ...common,
          decision: 'accept',
          source: 'config',
          tool_name: 'Edit',
          language: 'TypeScript',
          ...tag,
        },
        resource,
        values: [1],
      });
      metrics.push({
        agent: 'claude_code',
        name: 'claude_code.code_edit_tool.decision',
        unit: '',
        kind: 'sum',
        attrs: {
          ...common,
          decision: 'reject',
          source: 'user_reject',
          tool_name: 'Write',
          language: 'TypeScript',
          ...tag,
        },
        resource,
        values: [1],
      });
      if (sessionIndex === 0)
        metrics.push({
          agent: 'claude_code',
          name: 'claude_code.commit.count',
          unit: '',
          kind: 'sum',
          attrs: { ...common, ...tag },
          resource,
          values: [1],
        });
      if (userIndex === 0 && sessionIndex === 0)
        metrics.push({
          agent: 'claude_code',
          name: 'claude_code.pull_request.count',
          unit: '',
          kind: 'sum',
          attrs: { ...common, ...tag },
          resource,
          values: [1],
        });
    }
  });

  // ---- Codex: three conversations, two models, two teams; two ChatGPT users and one API-key user (no user.email).
  const codexConversations = [
    {
      id: '019a0000-0000-7000-8000-000000000001',
      model: 'gpt-5.1-codex',
      turns: 2,
      email: 'ada@example.com',
      team: 'alpha',
    },
    {
      id: '019a0000-0000-7000-8000-000000000002',
      model: 'gpt-5.1-codex-mini',
      turns: 1,
      email: 'bob@example.com',
      team: 'beta',
    },
    { id: '019a0000-0000-7000-8000-000000000003', model: 'gpt-5.1-codex', turns: 1, team: 'beta' },
  ];
  for (const [c, conversation] of codexConversations.entries()) {
    const logResource = {
      'service.name': 'codex_exec',
      'service.version': '0.171.0',
      env: 'dev',
      'team.id': conversation.team,
      'host.name': 'box',
      ...tag,
    };
    const metricResource = {
      'service.name': 'codex_exec',
      'service.version': '0.171.0',
      env: 'dev',
      'team.id': conversation.team,
      os: 'linux',
      ...tag,
    };
    const common = {
      'conversation.id': conversation.id,
      'app.version': '0.171.0',
      originator: 'codex_exec',
      'terminal.type': 'xterm',
      model: conversation.model,
      slug: conversation.model,
      ...(conversation.email
        ? { 'user.account_id': `acct-${c}`, 'user.email': conversation.email, auth_mode: 'Chatgpt' }
        : {}),
    };
    const metricCommon = {
      'app.version': '0.171.0',
      model: conversation.model,
      originator: 'codex_exec',
      session_source: 'exec',
      ...tag,
    };
    logs.push({
      agent: 'codex',
      event: 'codex.conversation_starts',
      resource: logResource,
      attrs: {
        ...common,
        provider_name: 'openai',
        approval_policy: 'never',
        sandbox_policy: 'workspace-write',
        ...tag,
      },
    });
    const durations: number[] = [];
    const e2e: number[] = [];
    const ttft: number[] = [];
    const tokenObservations = new Map<string, number[]>();
    for (let turn = 0; turn < conversation.turns; turn++) {
      const duration = 1800 + 450 * turn + 300 * c;
      durations.push(duration);
      e2e.push(duration + 700);
      ttft.push(400 + 120 * turn + 60 * c);
      logs.push({
        agent: 'codex',
        event: 'codex.user_prompt',
        resource: logResource,
        attrs: { ...common, prompt_length: '42', prompt: '[REDACTED]', ...tag },
      });
      logs.push({
        agent: 'codex',
        event: 'codex.api_request',
        resource: logResource,
        attrs: {
          ...common,
          duration_ms: String(duration),
          'http.response.status_code': 200,
          attempt: 0,
          endpoint: '/responses',
          ...tag,
        },
      });
      const input = 5000 + 700 * turn;
      const cached = 3000 + 500 * turn;
      const output = 400 + 90 * turn + 10 * c;
      const reasoning = 120;
      logs.push({
        agent: 'codex',
        event: 'codex.sse_event',
        resource: logResource,
        attrs: {
          ...common,
          'event.kind': 'response.completed',
          duration_ms: '5',
          input_token_count: String(input),
          output_token_count: String(output),
          cached_token_count: cached,
          reasoning_token_count: reasoning,
          tool_token_count: String(input + output),
          ...tag,
        },
      });
      for (const [tokenType, value] of Object.entries({
        input,
        cached_input: cached,
        output,
        reasoning_output: reasoning,
        total: input + output,
      })) {
        tokenObservations.set(tokenType, [...(tokenObservations.get(tokenType) ?? []), value]);
      }
      const decision = turn === 0 ? 'approved' : 'denied';
      logs.push({
        agent: 'codex',
        event: 'codex.tool_decision',
        resource: logResource,
        attrs: {
          ...common,
          tool_name: 'exec_command',
          tool_namespace: 'functions',
          call_id: `call_${c}_${turn}`,
          decision,
          source: 'Config',
          ...tag,
        },
      });
      if (decision === 'denied') {
        logs.push({
          agent: 'codex',
          event: 'codex.sandbox_outcome',
          resource: logResource,
          attrs: {
            ...common,
            tool_name: 'exec_command',
            call_id: `call_${c}_${turn}`,
            outcome: 'denied',
            initial_duration_ms: 12,
            ...tag,
          },
        });
      } else {
        metrics.push({
          agent: 'codex',
          name: 'codex.tool.call',
          unit: '',
          kind: 'sum',
          attrs: {
            ...metricCommon,
            tool: 'exec_command',
            success: 'true',
            sandbox: 'seccomp',
            sandbox_policy: 'workspace-write',
            command_category: 'read',
            shell_snapshot_mode: 'off',
          },
          resource: metricResource,
          values: [1],
        });
      }
    }
    if (c === 1) {
      logs.push({
        agent: 'codex',
        event: 'codex.api_request',
        resource: logResource,
        attrs: {
          ...common,
          duration_ms: '90',
          'http.response.status_code': 500,
          attempt: 0,
          endpoint: '/responses',
          'error.message': 'server error',
          ...tag,
        },
      });
      metrics.push({
        agent: 'codex',
        name: 'codex.api_request',
        unit: '',
        kind: 'sum',
        attrs: { ...metricCommon, status: '500', success: 'false' },
        resource: metricResource,
        values: [1],
      });
      durations.push(90);
    }
    for (const [tokenType, values] of tokenObservations) {
      metrics.push({
        agent: 'codex',
        name: 'codex.turn.token_usage',
        unit: '',
        kind: 'histogram',
        attrs: { ...metricCommon, token_type: tokenType, tmp_mem_enabled: 'false' },
        resource: metricResource,
        values,
        bounds: TOKEN_BOUNDS,
      });
    }
    metrics.push({
      agent: 'codex',
      name: 'codex.api_request',
      unit: '',
      kind: 'sum',
      attrs: { ...metricCommon, status: '200', success: 'true' },
      resource: metricResource,
      values: [conversation.turns],
    });
    metrics.push({
      agent: 'codex',
      name: 'codex.api_request.duration_ms',
      unit: 'ms',
      kind: 'histogram',
      attrs: { ...metricCommon },
      resource: metricResource,
      values: durations,
      bounds: MS_BOUNDS,
    });
    metrics.push({
      agent: 'codex',
      name: 'codex.turn.e2e_duration_ms',
      unit: 'ms',
      kind: 'histogram',
      attrs: { ...metricCommon },
      resource: metricResource,
      values: e2e,
      bounds: MS_BOUNDS,
    });
    metrics.push({
      agent: 'codex',
      name: 'codex.turn.ttft.duration_ms',
      unit: 'ms',
      kind: 'histogram',
      attrs: { ...metricCommon },
      resource: metricResource,
      values: ttft,
      bounds: MS_BOUNDS,
    });
  }

  // aimon.seq on every record.
  logs.forEach((record, index) => (record.attrs['aimon.seq'] = index));

  const startMs = nowMs - 20_000;
  const logBodies = [logsBody(logs, startMs)];
  const metricBodies = metricsBodies(metrics, startMs);
  const sessionEvents: Record<string, number> = {};
  for (const record of logs) {
    const session = String(record.attrs['session.id'] ?? record.attrs['conversation.id']);
    sessionEvents[session] = (sessionEvents[session] ?? 0) + 1;
  }
  return { ledger: ledgerOf(runId, logs, metrics, startMs, nowMs), sessionEvents, logBodies, metricBodies };
}

function logsBody(records: LogRecord[], startMs: number): unknown {
  const byResource = new Map<string, LogRecord[]>();
  for (const record of records) {
    const key = JSON.stringify(record.resource);
    byResource.set(key, [...(byResource.get(key) ?? []), record]);
  }
  return {
    resourceLogs: [...byResource.values()].map((group) => ({
      resource: { attributes: otlpAttrs(group[0]!.resource) },
      scopeLogs: [
        {
          scope: {
            name:
              group[0]!.agent === 'claude_code' ? 'com.anthropic.claude_code.events' : 'codex_otel.log_only',
          },
          logRecords: group.map((record, i) => {
            const timeNs = String(BigInt(startMs + Number(record.attrs['aimon.seq']) * 10 + i) * 1_000_000n);
            return record.agent === 'claude_code'
              ? {
                  timeUnixNano: timeNs,
                  observedTimeUnixNano: timeNs,
                  body: { stringValue: `claude_code.${record.event}` },
                  attributes: otlpAttrs({ 'event.name': record.event, ...record.attrs }),
                }
              : {
                  timeUnixNano: '0',
                  observedTimeUnixNano: timeNs,
                  severityNumber: 9,
                  severityText: 'INFO',
                  attributes: otlpAttrs({ 'event.name': record.event, ...record.attrs }, true),
                };
          }),
        },
      ],
    })),
  };
}

/** One request per delta export round: round k carries the k-th increment of every series that has one. */
function metricsBodies(points: MetricPoint[], startMs: number): unknown[] {
  const rounds = Math.max(...points.map((p) => (p.kind === 'sum' ? p.values.length : 1)));
  const bodies: unknown[] = [];
  for (let round = 0; round < rounds; round++) {
    const startNs = String(BigInt(startMs + round * 1000) * 1_000_000n);
    const endNs = String(BigInt(startMs + (round + 1) * 1000) * 1_000_000n);
    const byResource = new Map<string, MetricPoint[]>();
    for (const point of points) {
      if (point.kind === 'sum' ? round >= point.values.length : round > 0) continue;
      const key = JSON.stringify(point.resource);
      byResource.set(key, [...(byResource.get(key) ?? []), point]);
    }
    bodies.push({
      resourceMetrics: [...byResource.values()].map((group) => ({
        resource: { attributes: otlpAttrs(group[0]!.resource) },
        scopeMetrics: [
          {
            scope: { name: group[0]!.agent === 'claude_code' ? 'com.anthropic.claude_code' : 'codex' },
            metrics: group.map((point) => {
              const attributes = otlpAttrs(point.attrs);
              if (point.kind === 'sum') {
                const value = point.values[round]!;
                return {
                  name: point.name,
                  unit: point.unit,
                  sum: {
                    aggregationTemporality: 1,
                    isMonotonic: true,
                    dataPoints: [
                      {
                        attributes,
                        startTimeUnixNano: startNs,
                        timeUnixNano: endNs,
                        ...(point.agent === 'codex' ? { asInt: String(value) } : { asDouble: value }),
                      },
                    ],
                  },
                };
              }
              const bounds = point.bounds!;
              const counts = bucketCounts(point.values, bounds);
              return {
                name: point.name,
                unit: point.unit,
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      attributes,
                      startTimeUnixNano: startNs,
                      timeUnixNano: endNs,
                      count: String(point.values.length),
                      sum: point.values.reduce((a, b) => a + b, 0),
                      bucketCounts: counts.map(String),
                      explicitBounds: bounds,
                    },
                  ],
                },
              };
            }),
          },
        ],
      })),
    });
  }
  return bodies;
}

function bucketCounts(values: number[], bounds: number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const value of values) {
    const index = bounds.findIndex((bound) => value <= bound);
    counts[index === -1 ? bounds.length : index]! += 1;
  }
  return counts;
}

function breakdown(
  records: LogRecord[],
  event: string,
  by: string[],
  op: 'count' | 'sum',
  field?: string,
  where?: Record<string, string>,
): LedgerBreakdown {
  const values: Record<string, number> = {};
  for (const record of records) {
    const qualified = record.agent === 'claude_code' ? `claude_code.${record.event}` : record.event;
    if (qualified !== event) continue;
    if (where && Object.entries(where).some(([k, v]) => String(record.attrs[k]) !== v)) continue;
    const key = by.map((k) => String(record.attrs[k] ?? '')).join(BREAKDOWN_KEY_SEPARATOR);
    values[key] = (values[key] ?? 0) + (op === 'count' ? 1 : Number(record.attrs[field!]));
  }
  return {
    id: `${event}.${op}${field ? `.${field}` : ''}.by_${by.join('_') || 'total'}`,
    title: event,
    agent: event.startsWith('codex.') ? 'codex' : 'claude_code',
    event,
    by,
    op,
    ...(field ? { field } : {}),
    ...(where ? { where } : {}),
    values,
  };
}

function ledgerOf(
  runId: string,
  logs: LogRecord[],
  metrics: MetricPoint[],
  startMs: number,
  endMs: number,
): RunLedger {
  const eventCounts: Record<string, number> = {};
  for (const record of logs) {
    const name = record.agent === 'claude_code' ? `claude_code.${record.event}` : record.event;
    eventCounts[name] = (eventCounts[name] ?? 0) + 1;
  }
  const ledgerMetrics: LedgerMetricSeries[] = metrics.map((point) => ({
    agent: point.agent,
    name: point.name,
    unit: point.unit,
    kind: point.kind,
    temporality: 'delta',
    attributes: point.attrs,
    resource: point.resource,
    value: point.values.reduce((a, b) => a + b, 0),
    ...(point.kind === 'histogram'
      ? {
          count: point.values.length,
          bucketCounts: bucketCounts(point.values, point.bounds!),
          explicitBounds: point.bounds!,
        }
      : {}),
  }));
  const sessionsOf = (agent: 'claude_code' | 'codex'): number =>
    new Set(
      logs
        .filter((r) => r.agent === agent)
        .map((r) => String(r.attrs[agent === 'claude_code' ? 'session.id' : 'conversation.id'])),
    ).size;
  const usersOf = new Set(
    logs.filter((r) => r.agent === 'claude_code').map((r) => String(r.attrs['user.id'])),
  ).size;
  return {
    schema: 'aimon.ledger/v1',
    runId,
    seed: 1,
    scenario: 'dashboards-hand-built',
    protocol: 'http',
    endpoint: '',
    runTags: true,
    temporality: 'delta',
    promptsLogged: false,
    window: { startMs, endMs },
    rate: { targetPerSec: null, achievedPerSec: 0 },
    records: {
      scheduled: logs.length,
      sent: logs.length,
      acknowledged: logs.length,
      failed: 0,
      missed: 0,
      withheld: 0,
      duplicated: 0,
    },
    seq: {
      first: 0,
      last: logs.length - 1,
      expected: [[0, logs.length - 1]],
      failed: [],
      withheld: [],
      duplicated: [],
    },
    eventCounts,
    breakdowns: [
      breakdown(logs, 'claude_code.api_request', ['model'], 'count'),
      breakdown(logs, 'claude_code.api_error', ['status_code'], 'count'),
      breakdown(logs, 'claude_code.tool_decision', ['tool_name', 'decision', 'source'], 'count'),
      breakdown(logs, 'claude_code.tool_result', ['tool_name', 'success'], 'count'),
      breakdown(logs, 'claude_code.tool_result', ['tool_name'], 'sum', 'duration_ms'),
      breakdown(logs, 'codex.tool_decision', ['decision', 'source'], 'count'),
      breakdown(logs, 'codex.sandbox_outcome', ['outcome'], 'count'),
      breakdown(logs, 'codex.api_request', ['user.email'], 'count'),
      ...['input_token_count', 'output_token_count'].map((field) =>
        breakdown(logs, 'codex.sse_event', ['user.email'], 'sum', field, {
          'event.kind': 'response.completed',
        }),
      ),
    ],
    sessions: { claude_code: sessionsOf('claude_code'), codex: sessionsOf('codex') },
    users: { claude_code: usersOf, codex: 0 },
    metrics: ledgerMetrics,
    timeline: [],
  };
}

/** Sends the run to a collector's OTLP/HTTP receiver (JSON). */
export async function sendHandBuiltRun(run: HandBuiltRun, otlpHttp: string): Promise<void> {
  for (const body of run.logBodies) await post(`${otlpHttp}/v1/logs`, body);
  for (const body of run.metricBodies) await post(`${otlpHttp}/v1/metrics`, body);
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok || /rejected(LogRecords|DataPoints)":"?[1-9]/.test(text))
    throw new Error(`${url}: ${response.status} ${text}`);
}
