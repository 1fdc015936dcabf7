/**
 * The real Codex CLI (pinned, cached outside the repo) run through `aimon codex` against a mock Responses
 * API, telemetry into a real native stack over gRPC and HTTP/protobuf. Codex sends no body and
 * timeUnixNano = 0: records must still be findable by event.name and carry the real time.
 */
import { describe, expect, it } from 'vitest';
import { CLIENTS } from '../../cli/launch/clients.js';
import { uniqueTestId, type ClientRun, type Protocol } from './client-runs.js';
import {
  hasFunctionCallOutput,
  type MockOpenAI,
  type ResponsesReply,
  type ResponsesScript,
  type ResponsesUsage,
} from './mock-openai.js';
import { parseTimeMs } from './prices.js';
import { codexSession, storedRecords, useRealClients } from './real-client-fixture.js';
import { byLabel, countBy, pollUntil, queryLogs, queryProm, type LogRow } from './stack-queries.js';

const fixture = useRealClients(['codex']);

const USAGE_A: ResponsesUsage = {
  input_tokens: 4200,
  cached_tokens: 3900,
  output_tokens: 180,
  reasoning_tokens: 64,
};
const USAGE_B: ResponsesUsage = {
  input_tokens: 4500,
  cached_tokens: 4100,
  output_tokens: 35,
  reasoning_tokens: 0,
};
const text = (usage: ResponsesUsage): ResponsesReply => ({
  kind: 'text',
  text: 'done',
  usage,
  reasoning: usage.reasoning_tokens > 0,
});

interface CaseResult {
  env: string;
  run: ClientRun;
  mock: MockOpenAI;
  rows: LogRow[];
}

async function runCase(
  protocol: Protocol,
  script: ResponsesScript,
  execArgs: string[],
  expectedCounts: Record<string, number>,
  extra: { aimonArgs?: string[]; model?: string; rules?: string; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<CaseResult> {
  const env = uniqueTestId(`codex-${protocol}`);
  const { run, mock } = await codexSession(script, {
    bin: fixture.bin('codex'),
    target: { protocol, dataDir: fixture.stack.dataDir },
    environment: env,
    execArgs,
    ...(extra.aimonArgs ? { aimonArgs: extra.aimonArgs } : {}),
    ...(extra.model ? { model: extra.model } : {}),
    ...(extra.rules ? { rules: extra.rules } : {}),
    ...(extra.extraEnv ? { extraEnv: extra.extraEnv } : {}),
  });
  const rows = await storedRecords(fixture.stack, `env:="${env}"`, expectedCounts);
  return { env, run, mock, rows: rows.filter((r) => r['event.name']) };
}

function expectCommonFields(result: CaseResult, model = 'gpt-5.1-codex'): void {
  const conversations = new Set(result.rows.map((r) => r['conversation.id']));
  expect(conversations.size).toBe(1);
  for (const row of result.rows) {
    expect(row['event.name']).toMatch(/^codex\./);
    expect(row['service.name']).toBe('codex_exec');
    expect(row['service.version']).toBe(CLIENTS.codex.version);
    expect(row['scope.name']).toBe('codex_otel.log_only');
    expect(row.model).toBe(model);
    // timeUnixNano = 0 on the wire: the stored time must still be the real one.
    const timeMs = parseTimeMs(row._time!);
    expect(timeMs).toBeGreaterThanOrEqual(result.run.startedMs - 1000);
    expect(timeMs).toBeLessThanOrEqual(result.run.endedMs + 1000);
    expect(Math.abs(timeMs - Date.parse(row['event.timestamp']!))).toBeLessThan(2000);
  }
}

/** Each event name on its own query finds exactly the records of that name (no body to search on). */
async function expectFindableByEventName(result: CaseResult): Promise<void> {
  const counts = countBy(result.rows, 'event.name');
  for (const [event, n] of Object.entries(counts)) {
    const found = await queryLogs(
      fixture.stack.endpoints.victoriaLogs,
      `"event.name":="${event}" AND env:="${result.env}"`,
    );
    expect([event, found.length]).toEqual([event, n]);
  }
}

function expectCompletedTokenCounts(result: CaseResult): void {
  const withTokens = result.rows.filter(
    (r) => r['event.name'] === 'codex.sse_event' && r.input_token_count !== undefined,
  );
  const served = result.mock.replies.filter((r) => r.reply.kind !== 'error');
  expect(withTokens.length).toBe(served.length);
  const actual = withTokens.map((r) => [
    r['event.kind'],
    r.input_token_count,
    r.cached_token_count,
    r.output_token_count,
    r.reasoning_token_count,
  ]);
  const expected = served.map(({ reply }) => {
    const u = (reply as Extract<ResponsesReply, { usage: ResponsesUsage }>).usage;
    return [
      'response.completed',
      String(u.input_tokens),
      String(u.cached_tokens),
      String(u.output_tokens),
      String(u.reasoning_tokens),
    ];
  });
  expect(actual.sort()).toEqual(expected.sort());
}

/** codex.turn.token_usage (a histogram, one sample per turn) sums equal the mock's usage. */
async function expectPrometheusTotals(result: CaseResult, model = 'gpt-5.1-codex'): Promise<void> {
  const expected: Record<string, number> = {
    input: 0,
    cached_input: 0,
    output: 0,
    reasoning_output: 0,
    total: 0,
    cache_write_input: 0,
  };
  for (const { reply } of result.mock.replies) {
    if (reply.kind === 'error') continue;
    const u = reply.usage;
    expected.input! += u.input_tokens;
    expected.cached_input! += u.cached_tokens;
    expected.output! += u.output_tokens;
    expected.reasoning_output! += u.reasoning_tokens;
    expected.total! += u.input_tokens + u.output_tokens;
  }
  const read = async (): Promise<Record<string, number>> =>
    byLabel(
      await queryProm(
        fixture.stack.endpoints.prometheus,
        `sum by (token_type) (histogram_sum(codex_turn_token_usage{env="${result.env}",model="${model}"}))`,
      ),
      'token_type',
    );
  const actual = await pollUntil(read, (a) => JSON.stringify(a) === JSON.stringify(sortedKeys(expected)));
  expect(sortedKeys(actual)).toEqual(sortedKeys(expected));
  const requests = await queryProm(
    fixture.stack.endpoints.prometheus,
    `sum(codex_api_request_total{env="${result.env}"})`,
  );
  expect(requests.map((s) => s.value)).toEqual([result.mock.replies.length]);
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

const BASE_EVENTS = { 'codex.conversation_starts': 1, 'codex.user_prompt': 1, 'codex.turn_ttft': 1 };

for (const protocol of ['grpc', 'http'] as const) {
  describe(`real Codex ${CLIENTS.codex.version} through aimon codex over ${protocol}`, () => {
    it('plain prompt: events findable by event.name with the real time; token totals exact', async () => {
      const expected = { ...BASE_EVENTS, 'codex.api_request': 1 };
      const result = await runCase(protocol, () => text(USAGE_A), ['say hi'], expected);
      expect(result.run.code, result.run.stderr).toBe(0);
      const counts = countBy(result.rows, 'event.name');
      expect(counts).toMatchObject(expected);
      expect(counts['codex.startup_phase'] ?? 0).toBeGreaterThanOrEqual(1);
      expect(counts['codex.sse_event'] ?? 0).toBeGreaterThanOrEqual(3);
      expect(result.rows.find((r) => r['event.name'] === 'codex.api_request')).toMatchObject({
        'http.response.status_code': '200',
        attempt: '0',
        endpoint: '/responses',
      });
      expect(result.rows.find((r) => r['event.name'] === 'codex.user_prompt')?.prompt).toBe('[REDACTED]');
      expectCommonFields(result);
      expectCompletedTokenCounts(result);
      await expectFindableByEventName(result);
      await expectPrometheusTotals(result);
    });

    it('tool call accepted: exec_command approved by config and succeeds', async () => {
      const script: ResponsesScript = (body) =>
        hasFunctionCallOutput(body)
          ? text(USAGE_B)
          : { kind: 'function_call', name: 'exec_command', arguments: { cmd: 'echo hi' }, usage: USAGE_A };
      const expected = {
        ...BASE_EVENTS,
        'codex.api_request': 2,
        'codex.tool_decision': 1,
        'codex.tool_result': 1,
      };
      const result = await runCase(protocol, script, ['run echo'], expected);
      expect(result.run.code, result.run.stderr).toBe(0);
      expect(countBy(result.rows, 'event.name')).toMatchObject(expected);
      const decision = result.rows.find((r) => r['event.name'] === 'codex.tool_decision')!;
      expect(decision).toMatchObject({ tool_name: 'exec_command', decision: 'approved', source: 'Config' });
      const toolResult = result.rows.find((r) => r['event.name'] === 'codex.tool_result')!;
      expect(toolResult).toMatchObject({
        tool_name: 'exec_command',
        success: 'true',
        call_id: decision.call_id,
      });
      expect(toolResult.output).toContain('hi');
      expectCommonFields(result);
      expectCompletedTokenCounts(result);
      await expectPrometheusTotals(result);
      const calls = await queryProm(
        fixture.stack.endpoints.prometheus,
        `sum by (tool, success) (codex_tool_call_total{env="${result.env}"})`,
      );
      expect(calls.map((s) => [s.labels.tool, s.labels.success, s.value])).toEqual([
        ['exec_command', 'true', 1],
      ]);
    });

    it('tool call rejected: sandbox denial and execpolicy "forbidden" both reach the stack', async () => {
      const script =
        (cmd: string): ResponsesScript =>
        (body) =>
          hasFunctionCallOutput(body)
            ? text(USAGE_B)
            : { kind: 'function_call', name: 'exec_command', arguments: { cmd }, usage: USAGE_A };
      const denied = await runCase(
        protocol,
        script('touch denied.txt'),
        ['-s', 'read-only', 'write a file'],
        {
          'codex.sandbox_outcome': 1,
          'codex.tool_result': 1,
          'codex.api_request': 2,
        },
      );
      expect(denied.run.code, denied.run.stderr).toBe(0);
      expect(countBy(denied.rows, 'event.name'), denied.run.stdout + denied.run.stderr).toMatchObject({
        'codex.sandbox_outcome': 1,
      });
      expect(denied.rows.find((r) => r['event.name'] === 'codex.sandbox_outcome')).toMatchObject({
        tool_name: 'exec_command',
        outcome: 'denied',
      });
      expectCommonFields(denied);
      await expectPrometheusTotals(denied);

      const forbidden = await runCase(
        protocol,
        script('touch forbidden.txt'),
        ['write a file'],
        { 'codex.tool_result': 1, 'codex.api_request': 2 },
        {
          rules: 'prefix_rule(pattern = ["touch"], decision = "forbidden")\n',
        },
      );
      expect(forbidden.run.code, forbidden.run.stderr).toBe(0);
      const counts = countBy(forbidden.rows, 'event.name');
      expect(counts['codex.tool_decision']).toBeUndefined();
      const rejected = forbidden.rows.find((r) => r['event.name'] === 'codex.tool_result')!;
      expect(rejected).toMatchObject({ success: 'false' });
      expect(rejected.output).toContain('rejected');
      expectCommonFields(forbidden);
      const calls = await pollUntil(
        () =>
          queryProm(
            fixture.stack.endpoints.prometheus,
            `sum by (success) (codex_tool_call_total{env="${forbidden.env}"})`,
          ),
        (s) => s.length > 0,
      );
      expect(calls.map((s) => [s.labels.success, s.value])).toEqual([['false', 1]]);
    });

    it('API error: Codex exits 1 without flushing; the stack holds exactly what it exported', async () => {
      // No periodic export during the run (OTEL_BLRP_SCHEDULE_DELAY, honoured by Codex's Rust SDK): a failed
      // run then exports nothing at all, because Codex flushes its batches only on a clean exit.
      const failing = await runCase(
        protocol,
        () => ({ kind: 'error', status: 500, message: 'mock failure' }),
        ['fail please'],
        {},
        {
          extraEnv: { OTEL_BLRP_SCHEDULE_DELAY: '600000' },
        },
      );
      expect(failing.run.code).toBe(1);
      expect(failing.mock.replies.length).toBeGreaterThanOrEqual(1);
      // A later successful run through the same pipeline is the barrier: once it is visible, anything the
      // failed runs had sent would be visible too.
      const barrier = await runCase(protocol, () => text(USAGE_B), ['say hi'], { ...BASE_EVENTS });
      expect(barrier.run.code, barrier.run.stderr).toBe(0);
      await expectPrometheusTotals(barrier);
      expect(await queryLogs(fixture.stack.endpoints.victoriaLogs, `env:="${failing.env}"`)).toEqual([]);
      expect(await queryProm(fixture.stack.endpoints.prometheus, `{env="${failing.env}"}`)).toEqual([]);
    });

    it('two models and OTEL_RESOURCE_ATTRIBUTES team tags: per-model totals, team.id on every resource', async () => {
      const mini = await runCase(
        protocol,
        () => text(USAGE_A),
        ['-m', 'gpt-5.1-codex-mini', 'first'],
        { ...BASE_EVENTS },
        {
          aimonArgs: ['--team', 'team-alpha'],
        },
      );
      expect(mini.run.code, mini.run.stderr).toBe(0);
      expectCommonFields(mini, 'gpt-5.1-codex-mini');
      for (const row of mini.rows) expect(row['team.id']).toBe('team-alpha');
      await expectPrometheusTotals(mini, 'gpt-5.1-codex-mini');
      const full = await runCase(
        protocol,
        () => text(USAGE_B),
        ['second'],
        { ...BASE_EVENTS },
        { aimonArgs: ['--team', 'team-beta'] },
      );
      expect(full.run.code, full.run.stderr).toBe(0);
      for (const row of full.rows) expect(row['team.id']).toBe('team-beta');
      await expectPrometheusTotals(full);
      const byTeam = byLabel(
        await queryProm(
          fixture.stack.endpoints.prometheus,
          `sum by (team_id) (histogram_sum(codex_turn_token_usage{env=~"${mini.env}|${full.env}",token_type="cached_input"}))`,
        ),
        'team_id',
      );
      expect(byTeam).toEqual({ 'team-alpha': USAGE_A.cached_tokens, 'team-beta': USAGE_B.cached_tokens });
      const byModel = byLabel(
        await queryProm(
          fixture.stack.endpoints.prometheus,
          `sum by (model) (histogram_sum(codex_turn_token_usage{env=~"${mini.env}|${full.env}",token_type="output"}))`,
        ),
        'model',
      );
      expect(byModel).toEqual({
        'gpt-5.1-codex-mini': USAGE_A.output_tokens,
        'gpt-5.1-codex': USAGE_B.output_tokens,
      });
    });
  });
}
