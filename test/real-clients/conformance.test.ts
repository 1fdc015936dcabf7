/**
 * Conformance: the real Claude Code and Codex CLIs' OTLP output (captured by a local OTLP/HTTP sink, decoded
 * with the official protobuf schema) against the simulator's output (`aimon simulate --output`, OTLP/JSON)
 * for the same kinds of sessions. Any schema difference is printed and fails the test; a new CLI version
 * that changes its telemetry shows up here first. Known, not-yet-fixed gaps: KNOWN-DIFFERENCES.md.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAimon, type ClientRun } from './client-runs.js';
import { hasToolResult, type AnthropicScript, type AnthropicUsage } from './mock-anthropic.js';
import { hasFunctionCallOutput, type ResponsesScript, type ResponsesUsage } from './mock-openai.js';
import { startOtlpCapture, type OtlpCapture } from './otlp-capture.js';
import { claudeSession, codexSession, useRealClients } from './real-client-fixture.js';
import type { OtlpLogsJson, OtlpMetricsJson } from '../support/pure/otlp-protos.js';
import { diffShapes, formatDifferences, notCovered } from './schema-diff.js';
import { addLogs, addMetrics, emptyShape, type TelemetryShape } from './telemetry-shape.js';

const CLAUDE_USAGE: AnthropicUsage = {
  input_tokens: 9,
  output_tokens: 40,
  cache_read_input_tokens: 4100,
  cache_creation_input_tokens: 350,
};
const CODEX_USAGE: ResponsesUsage = {
  input_tokens: 3000,
  cached_tokens: 2800,
  output_tokens: 90,
  reasoning_tokens: 30,
};

let capture: OtlpCapture;
let real: TelemetryShape;
let sim: TelemetryShape;

/** The real clients send to the local capture, not to a stack. */
const fixture = useRealClients(['claude', 'codex'], { stack: false });

async function claudeRun(
  script: AnthropicScript,
  claudeArgs: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ClientRun> {
  const session = await claudeSession(script, {
    bin: fixture.bin('claude'),
    target: { protocol: 'http', endpoint: capture.url },
    aimonArgs: ['--team', 'conformance'],
    claudeArgs,
    extraEnv,
  });
  return session.run;
}

async function codexRun(script: ResponsesScript, execArgs: string[]): Promise<ClientRun> {
  const session = await codexSession(script, {
    bin: fixture.bin('codex'),
    target: { protocol: 'http', endpoint: capture.url },
    environment: 'conformance',
    aimonArgs: ['--team', 'conformance'],
    execArgs,
  });
  return session.run;
}

async function captureRealClients(): Promise<void> {
  const claudeTool =
    (toolName: string, input: Record<string, unknown>): AnthropicScript =>
    (body) =>
      hasToolResult(body)
        ? { kind: 'text', text: 'ok', usage: CLAUDE_USAGE }
        : { kind: 'tool_use', toolName, input, usage: CLAUDE_USAGE };
  const details = { OTEL_LOG_TOOL_DETAILS: '1' };
  const runs: ClientRun[] = [
    // Default model (Opus: carries `effort`), a plain prompt.
    await claudeRun(() => ({ kind: 'text', text: 'hello', usage: CLAUDE_USAGE }), ['-p', 'say hi']),
    // Tool accepted / failing / rejected, with tool details on (tool_parameters, tool_input are opt-in).
    await claudeRun(
      claudeTool('Bash', { command: 'echo hi', description: 'Print hi' }),
      ['-p', 'run', '--model', 'claude-sonnet-4-5'],
      details,
    ),
    await claudeRun(
      claudeTool('Bash', { command: 'ls /nonexistent-aimon', description: 'List' }),
      ['-p', 'run', '--model', 'claude-haiku-4-5'],
      details,
    ),
    await claudeRun(
      claudeTool('Write', { file_path: 'x.txt', content: 'x' }),
      ['-p', 'write', '--model', 'claude-sonnet-4-5'],
      details,
    ),
    await claudeRun(
      () => ({ kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' }),
      ['-p', 'fail'],
    ),
  ];
  const codexTool =
    (cmd: string): ResponsesScript =>
    (body) =>
      hasFunctionCallOutput(body)
        ? { kind: 'text', text: 'ok', usage: CODEX_USAGE, reasoning: true }
        : { kind: 'function_call', name: 'exec_command', arguments: { cmd }, usage: CODEX_USAGE };
  runs.push(
    await codexRun(() => ({ kind: 'text', text: 'hello', usage: CODEX_USAGE, reasoning: true }), ['say hi']),
    await codexRun(codexTool('echo hi'), ['run']),
    await codexRun(codexTool('touch denied.txt'), ['-s', 'read-only', 'write']),
    // A failed attempt followed by a successful retry: the failed api_request is exported with the run.
    await codexRun(
      (_body, index) =>
        index === 0
          ? { kind: 'error', status: 500, message: 'mock failure' }
          : { kind: 'text', text: 'ok', usage: CODEX_USAGE },
      ['-c', 'model_providers.mock.request_max_retries=1', 'retry'],
    ),
  );
  const unexpected = runs.filter((run, i) => run.code !== (i === 4 ? 1 : 0));
  if (unexpected.length > 0)
    throw new Error(`a real client run failed unexpectedly:\n${unexpected.map((r) => r.stderr).join('\n')}`);
}

async function simulatorOutput(): Promise<TelemetryShape> {
  const shape = emptyShape();
  const dir = await mkdtemp(join(tmpdir(), 'aimon-conformance-'));
  // error-storm: both agents, API errors, rejected and failing tools; enough events to hit every branch.
  for (const scenario of ['error-storm', 'smoke']) {
    const file = join(dir, `${scenario}.jsonl`);
    const run = await runAimon(
      ['simulate', '--scenario', scenario, '--count', '20000', '--rate', 'max', '--output', file, '--quiet'],
      { ...process.env },
      dir,
    );
    if (run.code !== 0) throw new Error(`aimon simulate failed (${run.code}): ${run.stderr}`);
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const request = JSON.parse(line) as OtlpLogsJson & OtlpMetricsJson;
      if (request.resourceLogs) addLogs(shape, request);
      if (request.resourceMetrics) addMetrics(shape, request);
    }
  }
  return shape;
}

beforeAll(async () => {
  capture = await startOtlpCapture();
  await captureRealClients();
  real = emptyShape();
  for (const request of capture.logs) addLogs(real, request);
  for (const request of capture.metrics) addMetrics(real, request);
  sim = await simulatorOutput();
}, 900_000);

afterAll(async () => {
  await capture?.close();
});

describe('simulator output matches the real clients, by schema', () => {
  it('captured real telemetry over OTLP/HTTP protobuf from both clients', () => {
    expect([...capture.contentTypes]).toEqual(['application/x-protobuf']);
    expect(real.logs.has('claude_code.api_request')).toBe(true);
    expect(real.logs.has('codex.sse_event')).toBe(true);
    expect(real.metrics.has('claude_code.token.usage')).toBe(true);
    expect(real.metrics.has('codex.turn.token_usage')).toBe(true);
  });

  for (const agent of ['claude_code', 'codex'] as const) {
    it(`${agent}: every event, metric and resource the real client sent has the same keys, types and placement`, () => {
      const differences = diffShapes(real, sim, { agents: [agent] });
      const uncovered = notCovered(real, sim).filter((k) => k.includes(`${agent}.`));
      if (uncovered.length > 0)
        console.log(
          `${agent}: sent by the simulator, not provoked in the real capture (not compared):\n  ${uncovered.join('\n  ')}`,
        );
      if (differences.length > 0)
        console.log(`${agent}: ${differences.length} differences\n${formatDifferences(differences)}`);
      expect(formatDifferences(differences)).toBe('');
    });
  }
});
