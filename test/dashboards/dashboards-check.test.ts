import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import type { AssertionResult } from '../../assertions/assertion.js';
import { loadDashboards, runDashboardChecks, type DashboardJson } from '../../assertions/dashboards/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { buildHandBuiltRun, sendHandBuiltRun, type HandBuiltRun } from './hand-built-run.js';
import { victoriaLogsForceFlushUrl } from '../../core/victoria-logs-auth.js';

const fixture = (name: string): DashboardJson =>
  JSON.parse(
    readFileSync(join(projectRoot(), 'test', 'dashboards', 'fixtures', name), 'utf8'),
  ) as DashboardJson;

function summary(results: AssertionResult[]): string {
  return results
    .filter((r) => r.status !== 'passed')
    .map((r) => `${r.status} ${r.title}: ${r.detail} [${r.query}]`)
    .join('\n');
}

/** Waits until Prometheus has scraped every series of the run (the exporter is scraped every 5 s). */
async function waitForMetrics(stack: TestStack, run: HandBuiltRun): Promise<void> {
  const expected = run.ledger.metrics.length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const body = new URLSearchParams({
      query: `count(count by (__name__, model, type, token_type, session_id, status, success, tool, decision, tool_name, start_type)({aimon_run_id="${run.ledger.runId}", __name__!~".*_bucket|.*_sum|target_info", job!="otel-collector-unsuffixed"}))`,
    });
    const response = await fetch(`${stack.endpoints.prometheus}/api/v1/query`, { method: 'POST', body });
    const json = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
    const count = Number(json.data.result[0]?.value[1] ?? 0);
    if (count >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`Prometheus shows ${count} of ${expected} series of run ${run.ledger.runId}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('aimon dashboards check against the real stack', () => {
  let stack: TestStack;
  let run: HandBuiltRun;
  let toMs: number;

  beforeAll(async () => {
    stack = await startTestStack();
    run = buildHandBuiltRun({ runId: `dash-e2e-${Date.now()}`, nowMs: Date.now() });
    await sendHandBuiltRun(run, stack.endpoints.otlpHttp);
    await waitForMetrics(stack, run);
    await fetch(victoriaLogsForceFlushUrl(stack.endpoints.victoriaLogs));
    // Graphs end at floor(to / step): let one 5 s step pass so the last scrape is inside every panel's range.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    toMs = Date.now();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows every panel of the three dashboards correct for the run', async () => {
    const results = await runDashboardChecks({
      ledger: run.ledger,
      endpoints: stack.endpoints,
      fromMs: run.ledger.window.startMs - 60_000,
      toMs,
      settleMs: 20_000,
    });
    expect(results.length).toBeGreaterThanOrEqual(50);
    expect(summary(results)).toBe('');
    expect(results.every((r) => r.status === 'passed')).toBe(true);
  });

  it('catches deliberately wrong panel queries in a fixture copy of the dashboards', async () => {
    const dashboards = [fixture('claude-code-wrong.json'), fixture('codex-wrong.json')];
    const results = await runDashboardChecks({
      ledger: run.ledger,
      endpoints: stack.endpoints,
      fromMs: run.ledger.window.startMs - 60_000,
      toMs,
      dashboards,
    });
    const failedTitles = results.filter((r) => r.status === 'failed').map((r) => r.title);
    expect(failedTitles.sort()).toEqual([
      'Claude Code › Sessions (WRONG: increase over one-shot series)',
      'Claude Code › Tool success rate (WRONG: filter)',
      'Codex › Sandbox denials (WRONG: Claude-style unprefixed event name)',
    ]);
    const sessions = results.find((r) => r.title.startsWith('Claude Code › Sessions'))!;
    expect(sessions.expected).toBe('3');
    expect(sessions.actual).not.toBe('3');
  });

  it('catches a ledger that disagrees with the stack, naming the wrong figure', async () => {
    const ledger = structuredClone(run.ledger);
    ledger.eventCounts['claude_code.api_retries_exhausted'] = 5;
    const [dashboard] = loadDashboards().filter((d) => d.uid === 'aimon-claude-code');
    const results = await runDashboardChecks({
      ledger,
      endpoints: stack.endpoints,
      fromMs: ledger.window.startMs - 60_000,
      toMs,
      dashboards: [dashboard!],
    });
    const retries = results.find((r) => r.title === 'Claude Code › Retries exhausted')!;
    expect(retries.status).toBe('failed');
    expect(retries.detail).toBe('value: expected 5, shown 1');
  });
});
