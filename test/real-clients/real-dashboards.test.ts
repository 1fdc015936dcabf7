/**
 * Issue 6: the dashboards show the right values for real sessions. Real Claude Code and Codex runs (through
 * `aimon claude` / `aimon codex`, against the mock model APIs) send their telemetry through an OTLP tee into a
 * real native stack, tagged with OTEL_RESOURCE_ATTRIBUTES=aimon.run_id=<id> (Claude copies it onto every record
 * and data point; Codex onto its resources: a VictoriaLogs field and a Prometheus label either way). The expected
 * ledger is built from exactly what the tee forwarded, and the dashboard checks (every panel of every dashboard,
 * pinned to the run) must pass; a panel whose expectation the ledger cannot give is reported skipped with why.
 */
import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../assertions/assertion.js';
import { runDashboardChecks } from '../../assertions/dashboards/index.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { uniqueTestId, type ClientRun } from './client-runs.js';
import { hasToolResult, type AnthropicScript, type AnthropicUsage } from './mock-anthropic.js';
import { hasFunctionCallOutput, type ResponsesScript, type ResponsesUsage } from './mock-openai.js';
import { startOtlpTee, type OtlpTee } from './otlp-tee.js';
import { claudeSession, codexSession, useRealClients } from './real-client-fixture.js';
import { ledgerFromCapture } from './real-ledger.js';
import { pollUntil, queryLogs, queryProm } from './stack-queries.js';

const CLAUDE_USAGE: AnthropicUsage = {
  input_tokens: 11,
  output_tokens: 52,
  cache_read_input_tokens: 4200,
  cache_creation_input_tokens: 310,
};
const CODEX_USAGE: ResponsesUsage = {
  input_tokens: 3100,
  cached_tokens: 2900,
  output_tokens: 95,
  reasoning_tokens: 35,
};

const fixture = useRealClients(['claude', 'codex']);

interface RealRun {
  readonly ledger: RunLedger;
  readonly tee: OtlpTee;
  readonly results: AssertionResult[];
}

function summary(results: readonly AssertionResult[]): string {
  return results
    .filter((r) => r.status !== 'passed' && r.status !== 'skipped')
    .map(
      (r) =>
        `${r.status} ${r.title}: ${r.detail ?? ''} (expected ${r.expected ?? '?'}, shown ${r.actual ?? '?'}) [${r.query ?? ''}]`,
    )
    .join('\n');
}

/** Prints how many panel checks passed and why any were skipped; returns the passed ones. */
function reportChecks(label: string, results: readonly AssertionResult[]): AssertionResult[] {
  const passed = results.filter((r) => r.status === 'passed');
  const skipped = results.filter((r) => r.status === 'skipped');
  console.log(
    `${label}: ${passed.length} passed, ${skipped.length} skipped\n` +
      skipped.map((r) => `  skipped ${r.title}: ${r.detail}`).join('\n'),
  );
  return passed;
}

/** Runs the sessions through the tee, waits until the stack holds all of it, then runs the dashboard checks. */
async function realRun(
  prefix: string,
  sessions: (tee: OtlpTee, runId: string) => Promise<ClientRun[]>,
): Promise<RealRun> {
  const runId = uniqueTestId(prefix);
  const tee = await startOtlpTee(fixture.stack.endpoints.otlpHttp);
  const runs = await sessions(tee, runId);
  const failedRuns = runs.filter((run) => run.code !== 0);
  if (failedRuns.length > 0)
    throw new Error(`a real client run failed:\n${failedRuns.map((r) => r.stderr).join('\n')}`);
  await tee.close();
  expect(tee.refused).toEqual([]);
  const ledger = ledgerFromCapture({
    runId,
    logs: tee.logs,
    metrics: tee.metrics,
    window: {
      startMs: Math.min(...runs.map((r) => r.startedMs)),
      endMs: Math.max(...runs.map((r) => r.endedMs)),
    },
  });
  const records = Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0);
  const rows = await pollUntil(
    () => queryLogs(fixture.stack.endpoints.victoriaLogs, `"aimon.run_id":=${JSON.stringify(runId)}`),
    (r) => r.length >= records,
    60_000,
  );
  expect(rows.length).toBe(records);
  // Every series of the run in Prometheus: counters (one spelling) and histograms (one native series each).
  await pollUntil(
    () =>
      queryProm(
        fixture.stack.endpoints.prometheus,
        `count({aimon_run_id="${runId}", __name__!~".*_bucket|.*_sum|target_info", job!="otel-collector-unsuffixed"})`,
      ),
    (s) => (s[0]?.value ?? 0) >= ledger.metrics.length,
    60_000,
  );
  const results = await runDashboardChecks({
    ledger,
    endpoints: fixture.stack.endpoints,
    fromMs: ledger.window.startMs - 60_000,
    toMs: ledger.window.endMs + 10_000,
    settleMs: 20_000,
  });
  return { ledger, tee, results };
}

describe('the dashboards show the right values for real sessions', () => {
  it('Claude Code: a plain prompt, an accepted and a rejected tool call, two models', async () => {
    const claude = async (
      tee: OtlpTee,
      runId: string,
      script: AnthropicScript,
      args: string[],
    ): Promise<ClientRun> => {
      const session = await claudeSession(script, {
        bin: fixture.bin('claude'),
        target: { protocol: 'http', endpoint: tee.url },
        resourceAttributes: `aimon.run_id=${runId}`,
        aimonArgs: ['--team', 'dash'],
        claudeArgs: args,
      });
      return session.run;
    };
    const tool =
      (toolName: string, input: Record<string, unknown>): AnthropicScript =>
      (body) =>
        hasToolResult(body)
          ? { kind: 'text', text: 'ok', usage: CLAUDE_USAGE }
          : { kind: 'tool_use', toolName, input, usage: CLAUDE_USAGE };
    const { ledger, results } = await realRun('dash-claude', async (tee, runId) => [
      await claude(tee, runId, () => ({ kind: 'text', text: 'hello', usage: CLAUDE_USAGE }), [
        '-p',
        'say hi',
      ]),
      await claude(tee, runId, tool('Bash', { command: 'echo hi', description: 'Print hi' }), [
        '-p',
        'run',
        '--model',
        'claude-sonnet-4-5',
      ]),
      await claude(tee, runId, tool('Write', { file_path: 'x.txt', content: 'x' }), [
        '-p',
        'write',
        '--model',
        'claude-haiku-4-5',
      ]),
    ]);
    expect(ledger.sessions.claude_code).toBe(3);
    expect(ledger.eventCounts['claude_code.api_request']).toBe(5);
    const checked = reportChecks('claude', results);
    expect(summary(results)).toBe('');
    // The Claude panels really had something to show.
    expect(
      checked.some((r) => r.title.startsWith('Claude Code ›') && r.actual && r.actual !== 'no data'),
    ).toBe(true);
  }, 600_000);

  it('Codex: a plain prompt, an accepted tool call and a retried request', async () => {
    const codex = async (
      tee: OtlpTee,
      runId: string,
      script: ResponsesScript,
      execArgs: string[],
    ): Promise<ClientRun> => {
      const session = await codexSession(script, {
        bin: fixture.bin('codex'),
        target: { protocol: 'http', endpoint: tee.url },
        environment: 'dash',
        resourceAttributes: `aimon.run_id=${runId}`,
        aimonArgs: ['--team', 'dash'],
        execArgs,
      });
      return session.run;
    };
    const { ledger, results } = await realRun('dash-codex', async (tee, runId) => [
      await codex(tee, runId, () => ({ kind: 'text', text: 'hello', usage: CODEX_USAGE, reasoning: true }), [
        'say hi',
      ]),
      await codex(
        tee,
        runId,
        (body) =>
          hasFunctionCallOutput(body)
            ? { kind: 'text', text: 'ok', usage: CODEX_USAGE, reasoning: true }
            : {
                kind: 'function_call',
                name: 'exec_command',
                arguments: { cmd: 'echo hi' },
                usage: CODEX_USAGE,
              },
        ['run'],
      ),
      await codex(
        tee,
        runId,
        (_body, index) =>
          index === 0
            ? { kind: 'error', status: 500, message: 'mock failure' }
            : { kind: 'text', text: 'ok', usage: CODEX_USAGE },
        ['-c', 'model_providers.mock.request_max_retries=1', 'retry'],
      ),
    ]);
    expect(ledger.sessions.codex).toBe(3);
    expect(ledger.eventCounts['codex.api_request']).toBe(5);
    const checked = reportChecks('codex', results);
    expect(summary(results)).toBe('');
    expect(checked.some((r) => r.title.startsWith('Codex ›') && r.actual && r.actual !== 'no data')).toBe(
      true,
    );
  }, 600_000);
});
