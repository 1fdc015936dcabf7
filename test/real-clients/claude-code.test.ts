/**
 * The real Claude Code CLI (pinned, cached outside the repo) run through `aimon claude` against a mock
 * Messages API, telemetry into a real native stack over gRPC and HTTP/protobuf. Every real event must be in
 * VictoriaLogs with its fields and time, and Prometheus totals must equal the usage the mock returned.
 */
import { describe, expect, it } from 'vitest';
import { CLIENTS } from '../../cli/launch/clients.js';
import { uniqueTestId, type ClientRun, type Protocol } from './client-runs.js';
import {
  hasToolResult,
  type AnthropicReply,
  type AnthropicScript,
  type AnthropicUsage,
  type MockAnthropic,
} from './mock-anthropic.js';
import { anthropicCostUsd, parseTimeMs } from './prices.js';
import { claudeSession, storedRecords, useRealClients } from './real-client-fixture.js';
import { byLabel, countBy, pollUntil, queryProm, type LogRow } from './stack-queries.js';

const fixture = useRealClients(['claude']);

const USAGE_A: AnthropicUsage = {
  input_tokens: 12,
  output_tokens: 34,
  cache_read_input_tokens: 5600,
  cache_creation_input_tokens: 780,
};
const USAGE_B: AnthropicUsage = {
  input_tokens: 7,
  output_tokens: 21,
  cache_read_input_tokens: 3000,
  cache_creation_input_tokens: 0,
};

const text = (usage: AnthropicUsage): AnthropicReply => ({ kind: 'text', text: 'done', usage });

interface CaseResult {
  testId: string;
  run: ClientRun;
  mock: MockAnthropic;
  rows: LogRow[];
}

async function runCase(
  protocol: Protocol,
  script: AnthropicScript,
  claudeArgs: string[],
  expectedCounts: Record<string, number>,
  extra: { aimonArgs?: string[]; prefix?: string } = {},
): Promise<CaseResult> {
  const testId = uniqueTestId(extra.prefix ?? `claude-${protocol}`);
  const { run, mock } = await claudeSession(script, {
    bin: fixture.bin('claude'),
    target: { protocol, dataDir: fixture.stack.dataDir },
    resourceAttributes: `aimon.test_id=${testId}`,
    aimonArgs: extra.aimonArgs ?? [],
    claudeArgs,
  });
  const rows = await storedRecords(fixture.stack, `"aimon.test_id":="${testId}"`, expectedCounts);
  return { testId, run, mock, rows };
}

/** Fields every Claude record has, and its time is the client's own (ms precision) within the run. */
function expectCommonFields(result: CaseResult): void {
  const sessionIds = new Set(result.mock.replies.map((r) => r.sessionId));
  expect(sessionIds.size).toBe(1);
  const sessionId = [...sessionIds][0];
  for (const row of result.rows) {
    expect(row._msg).toBe(`claude_code.${row['event.name']}`);
    expect(row['session.id']).toBe(sessionId);
    expect(row['service.name']).toBe('claude-code');
    expect(row['service.version']).toBe(CLIENTS.claude.version);
    expect(row['scope.name']).toBe('com.anthropic.claude_code.events');
    expect(row['user.id']).toMatch(/^[0-9a-f]{64}$/);
    const timeMs = parseTimeMs(row._time!);
    // The client reads the clock separately for the record time and for event.timestamp: they can differ by a ms.
    expect(Math.abs(timeMs - Date.parse(row['event.timestamp']!))).toBeLessThanOrEqual(10);
    expect(timeMs).toBeGreaterThanOrEqual(result.run.startedMs - 1000);
    expect(timeMs).toBeLessThanOrEqual(result.run.endedMs + 1000);
  }
}

function expectApiRequests(result: CaseResult): void {
  const requests = result.rows.filter((r) => r['event.name'] === 'api_request');
  const served = result.mock.replies.filter((r) => r.reply.kind !== 'error');
  expect(requests.map((r) => r.request_id).sort()).toEqual(served.map((r) => r.requestId).sort());
  for (const row of requests) {
    const served1 = served.find((r) => r.requestId === row.request_id)!;
    const usage = (served1.reply as Extract<AnthropicReply, { usage: AnthropicUsage }>).usage;
    expect(row.model).toBe(served1.model);
    expect(Number(row.input_tokens)).toBe(usage.input_tokens);
    expect(Number(row.output_tokens)).toBe(usage.output_tokens);
    expect(Number(row.cache_read_tokens)).toBe(usage.cache_read_input_tokens);
    expect(Number(row.cache_creation_tokens)).toBe(usage.cache_creation_input_tokens);
    expect(Number(row.cost_usd)).toBeCloseTo(anthropicCostUsd(served1.model, usage), 12);
  }
}

/** Prometheus totals (DELTA input accumulated by the stack) equal the usage the mock returned. */
async function expectPrometheusTotals(result: CaseResult): Promise<void> {
  const expectedTokens: Record<string, number> = {};
  const expectedCost: Record<string, number> = {};
  for (const { model, reply } of result.mock.replies) {
    if (reply.kind === 'error') continue;
    const u = reply.usage;
    const add = (type: string, n: number): void => {
      expectedTokens[`${model}/${type}`] = (expectedTokens[`${model}/${type}`] ?? 0) + n;
    };
    add('input', u.input_tokens);
    add('output', u.output_tokens);
    add('cacheRead', u.cache_read_input_tokens);
    add('cacheCreation', u.cache_creation_input_tokens);
    expectedCost[model] = (expectedCost[model] ?? 0) + anthropicCostUsd(model, u);
  }
  const selector = `{aimon_test_id="${result.testId}"}`;
  const readTokens = async (): Promise<Record<string, number>> => {
    const samples = await queryProm(
      fixture.stack.endpoints.prometheus,
      `sum by (model, type) (claude_code_token_usage_tokens_total${selector})`,
    );
    return Object.fromEntries(samples.map((s) => [`${s.labels.model}/${s.labels.type}`, s.value]));
  };
  const tokens = await pollUntil(
    readTokens,
    (t) => JSON.stringify(sorted(t)) === JSON.stringify(sorted(expectedTokens)),
  );
  expect(sorted(tokens)).toEqual(sorted(expectedTokens));
  const cost = byLabel(
    await queryProm(
      fixture.stack.endpoints.prometheus,
      `sum by (model) (claude_code_cost_usage_USD_total${selector})`,
    ),
    'model',
  );
  expect(Object.keys(cost).sort()).toEqual(Object.keys(expectedCost).sort());
  for (const [model, usd] of Object.entries(expectedCost)) expect(cost[model]).toBeCloseTo(usd, 12);
  const sessions = await queryProm(
    fixture.stack.endpoints.prometheus,
    `sum(claude_code_session_count_total${selector})`,
  );
  expect(sessions.map((s) => s.value)).toEqual([1]);
}

function sorted(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

for (const protocol of ['grpc', 'http'] as const) {
  describe(`real Claude Code ${CLIENTS.claude.version} through aimon claude over ${protocol}`, () => {
    it('plain prompt: user_prompt, api_request, assistant_response land with fields, time and exact totals', async () => {
      const result = await runCase(
        protocol,
        () => text(USAGE_A),
        ['-p', 'say hi', '--model', 'claude-haiku-4-5'],
        {
          user_prompt: 1,
          api_request: 1,
          assistant_response: 1,
          managed_settings_resolved: 1,
        },
      );
      expect(result.run.code, result.run.stderr).toBe(0);
      const counts = countBy(result.rows, 'event.name');
      expect(counts).toMatchObject({
        user_prompt: 1,
        api_request: 1,
        assistant_response: 1,
        managed_settings_resolved: 1,
      });
      expect(counts.plugin_loaded ?? 0).toBeGreaterThanOrEqual(1);
      expect(Object.keys(counts).sort()).toEqual([
        'api_request',
        'assistant_response',
        'managed_settings_resolved',
        'plugin_loaded',
        'user_prompt',
      ]);
      expectCommonFields(result);
      expectApiRequests(result);
      const prompt = result.rows.find((r) => r['event.name'] === 'user_prompt')!;
      expect(prompt.prompt).toBe('<REDACTED>');
      expect(prompt.prompt_length).toBe('6');
      await expectPrometheusTotals(result);
    });

    it('tool call accepted: tool_decision accept and tool_result success', async () => {
      const script: AnthropicScript = (body) =>
        hasToolResult(body)
          ? text(USAGE_B)
          : {
              kind: 'tool_use',
              toolName: 'Bash',
              input: { command: 'echo hi', description: 'Print hi' },
              usage: USAGE_A,
            };
      const expected = {
        user_prompt: 1,
        tool_decision: 1,
        api_request: 2,
        assistant_response: 1,
        tool_result: 1,
      };
      const result = await runCase(
        protocol,
        script,
        ['-p', 'run echo', '--model', 'claude-sonnet-4-5'],
        expected,
      );
      expect(result.run.code, result.run.stderr).toBe(0);
      expect(countBy(result.rows, 'event.name')).toMatchObject(expected);
      const decision = result.rows.find((r) => r['event.name'] === 'tool_decision')!;
      expect(decision).toMatchObject({ decision: 'accept', source: 'config', tool_name: 'Bash' });
      const toolResult = result.rows.find((r) => r['event.name'] === 'tool_result')!;
      expect(toolResult).toMatchObject({
        tool_name: 'Bash',
        success: 'true',
        tool_use_id: decision.tool_use_id,
      });
      expectCommonFields(result);
      expectApiRequests(result);
      await expectPrometheusTotals(result);
    });

    it('tool call rejected: tool_decision reject and no tool_result', async () => {
      const script: AnthropicScript = (body) =>
        hasToolResult(body)
          ? text(USAGE_B)
          : {
              kind: 'tool_use',
              toolName: 'Write',
              input: { file_path: 'out.txt', content: 'x' },
              usage: USAGE_A,
            };
      const expected = { user_prompt: 1, tool_decision: 1, api_request: 2, assistant_response: 1 };
      const result = await runCase(
        protocol,
        script,
        ['-p', 'write a file', '--model', 'claude-sonnet-4-5'],
        expected,
      );
      expect(result.run.code, result.run.stderr).toBe(0);
      const counts = countBy(result.rows, 'event.name');
      expect(counts).toMatchObject(expected);
      expect(counts.tool_result).toBeUndefined();
      expect(result.rows.find((r) => r['event.name'] === 'tool_decision')).toMatchObject({
        decision: 'reject',
        tool_name: 'Write',
      });
      expectCommonFields(result);
      expectApiRequests(result);
      await expectPrometheusTotals(result);
      const edits = await queryProm(
        fixture.stack.endpoints.prometheus,
        `sum by (decision, tool_name) (claude_code_code_edit_tool_decision_total{aimon_test_id="${result.testId}"})`,
      );
      expect(edits.map((s) => [s.labels.decision, s.labels.tool_name, s.value])).toEqual([
        ['reject', 'Write', 1],
      ]);
    });

    it('API error: api_error and api_retries_exhausted, no api_request, exit 1', async () => {
      const script: AnthropicScript = () => ({
        kind: 'error',
        status: 529,
        errorType: 'overloaded_error',
        message: 'Overloaded',
      });
      const expected = { user_prompt: 1, api_error: 1, api_retries_exhausted: 1 };
      const result = await runCase(
        protocol,
        script,
        ['-p', 'fail please', '--model', 'claude-haiku-4-5'],
        expected,
      );
      expect(result.run.code).toBe(1);
      const counts = countBy(result.rows, 'event.name');
      expect(counts).toMatchObject(expected);
      expect(counts.api_request).toBeUndefined();
      const error = result.rows.find((r) => r['event.name'] === 'api_error')!;
      expect(error).toMatchObject({
        status_code: '529',
        model: 'claude-haiku-4-5',
        attempt: String(result.mock.replies.length),
      });
      expect(result.rows.find((r) => r['event.name'] === 'api_retries_exhausted')).toMatchObject({
        status_code: '529',
        total_attempts: String(result.mock.replies.length),
      });
      expectCommonFields(result);
      const tokens = await queryProm(
        fixture.stack.endpoints.prometheus,
        `claude_code_token_usage_tokens_total{aimon_test_id="${result.testId}"}`,
      );
      expect(tokens).toEqual([]);
    });

    it('two models and OTEL_RESOURCE_ATTRIBUTES team tags: per-model totals, team.id on every record and series', async () => {
      // Two sessions on two models (sonnet with a tool turn, then haiku), each tagged with its team.
      const script: AnthropicScript = (body, index) =>
        index === 0
          ? {
              kind: 'tool_use',
              toolName: 'Bash',
              input: { command: 'echo two', description: 'Print two' },
              usage: USAGE_A,
            }
          : text(USAGE_B);
      const first = await runCase(
        protocol,
        script,
        ['-p', 'first', '--model', 'claude-sonnet-4-5'],
        { api_request: 2 },
        {
          aimonArgs: ['--team', 'team-alpha'],
        },
      );
      expect(first.run.code, first.run.stderr).toBe(0);
      for (const row of first.rows) expect(row['team.id']).toBe('team-alpha');
      for (const row of first.rows) expect(row['aimon.test_id']).toBe(first.testId); // the user's own entry survives the merge
      const teams = await pollUntil(
        () =>
          queryProm(
            fixture.stack.endpoints.prometheus,
            `count by (team_id) (claude_code_token_usage_tokens_total{aimon_test_id="${first.testId}"})`,
          ),
        (s) => s.length > 0,
      );
      expect(teams.map((s) => s.labels.team_id)).toEqual(['team-alpha']);
      await expectPrometheusTotals(first);

      const second = await runCase(
        protocol,
        () => text(USAGE_B),
        ['-p', 'second', '--model', 'claude-haiku-4-5'],
        { api_request: 1 },
        {
          aimonArgs: ['--team', 'team-beta'],
        },
      );
      expect(second.run.code, second.run.stderr).toBe(0);
      const models = byLabel(
        await pollUntil(
          () =>
            queryProm(
              fixture.stack.endpoints.prometheus,
              `sum by (model) (claude_code_cost_usage_USD_total{aimon_test_id=~"${first.testId}|${second.testId}"})`,
            ),
          (s) => s.length === 2,
        ),
        'model',
      );
      expect(models['claude-sonnet-4-5']).toBeCloseTo(
        anthropicCostUsd('claude-sonnet-4-5', USAGE_A) + anthropicCostUsd('claude-sonnet-4-5', USAGE_B),
        12,
      );
      expect(models['claude-haiku-4-5']).toBeCloseTo(anthropicCostUsd('claude-haiku-4-5', USAGE_B), 12);
      const byTeam = byLabel(
        await queryProm(
          fixture.stack.endpoints.prometheus,
          `sum by (team_id) (claude_code_token_usage_tokens_total{aimon_test_id=~"${first.testId}|${second.testId}",type="cacheRead"})`,
        ),
        'team_id',
      );
      expect(byTeam).toEqual({
        'team-alpha': USAGE_A.cache_read_input_tokens + USAGE_B.cache_read_input_tokens,
        'team-beta': USAGE_B.cache_read_input_tokens,
      });
    });
  });
}
