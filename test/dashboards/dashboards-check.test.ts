import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../assertions/assertion.js';
import {
  loadDashboards,
  panelsOf,
  runDashboardChecks,
  runVariables,
} from '../../assertions/dashboards/index.js';
import { executeTarget } from '../../assertions/dashboards/datasource-queries.js';
import { datasourceVariables } from '../../assertions/dashboards/datasource-ref.js';
import { exportDashboardFiles } from '../../dashboards/write-dashboards.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
import { buildHandBuiltRun, sendHandBuiltRun, type HandBuiltRun } from './hand-built-run.js';
import { victoriaLogsForceFlushUrl } from '../../core/victoria-logs-auth.js';
import { wrongDashboards } from './wrong-dashboards.js';

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
      query: `count(count by (__name__, model, type, token_type, session_id, team_id, status, success, tool, decision, tool_name, start_type)({aimon_run_id="${run.ledger.runId}", __name__!~".*_bucket|.*_sum|target_info", job!="otel-collector-unsuffixed"}))`,
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

function claudeEvents(run: HandBuiltRun): number {
  return Object.entries(run.ledger.eventCounts)
    .filter(([event]) => event.startsWith('claude_code.'))
    .reduce((sum, [, n]) => sum + n, 0);
}

function codexEvents(run: HandBuiltRun): number {
  return Object.entries(run.ledger.eventCounts)
    .filter(([event]) => event.startsWith('codex.'))
    .reduce((sum, [, n]) => sum + n, 0);
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
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(summary(results)).toBe('');
    expect(results.every((r) => r.status === 'passed')).toBe(true);
    // The panels this issue added, each compared with the ledger (not merely run).
    const shown = (title: string): string | undefined => results.find((r) => r.title === title)?.actual;
    expect(shown('Claude Code › Raw events')).toBe(String(claudeEvents(run)));
    expect(shown('Codex › Raw events')).toBe(String(codexEvents(run)));
    expect(shown('Claude Code › Cost per commit')).toMatch(/^\d+\.\d+/);
    expect(shown('Claude Code › Cost per pull request')).toMatch(/^\d+\.\d+/);
    expect(shown('Codex › API requests by user')).toBe('1, ada@example.com=2, bob@example.com=2');
    expect(shown('Codex › Estimated cost by team')).toMatch(/^alpha=[\d.]+, beta=[\d.]+$/);
    expect(shown('Codex › Turns by team')).toBe('alpha=2, beta=2');
    // The variables' own queries, as Grafana sends them for the pinned run.
    expect(shown('Codex › variable Team')).toBe('2 options: alpha, beta');
    expect(shown('Codex › variable User')).toBe('2 options: ada@example.com, bob@example.com');
    expect(shown('Codex › variable Conversation')).toMatch(/^3 options: 019a0000-/);
    expect(shown('Claude Code › variable Session')).toMatch(/^3 options: /);
  });

  it('checks the exported (import-ready) dashboards the same way: ${DS_…} defaults, datasource variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aimon-export-'));
    try {
      exportDashboardFiles(dir);
      const exported = loadDashboards(dir);
      expect(JSON.stringify(exported)).toContain('${DS_PROMETHEUS}');
      const results = await runDashboardChecks({
        ledger: run.ledger,
        endpoints: stack.endpoints,
        fromMs: run.ledger.window.startMs - 60_000,
        toMs,
        dashboards: exported,
        settleMs: 10_000,
      });
      expect(summary(results)).toBe('');
      const targets = exported.flatMap((d) => panelsOf(d).flatMap((p) => p.targets ?? []));
      const queryVariables = exported.flatMap((d) =>
        (d.templating?.list ?? []).filter((v) => v.type === 'query'),
      );
      expect(results.length).toBe(targets.length + queryVariables.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['aimon-claude-code', '22222222-2222-4222-8222-222222222222', 'session.id'],
    ['aimon-codex', '019a0000-0000-7000-8000-000000000002', 'conversation.id'],
  ])('%s: the session variable narrows the raw events to session %s', async (uid, session, field) => {
    const dashboard = loadDashboards().find((d) => d.uid === uid)!;
    const panel = panelsOf(dashboard).find((p) => p.title === 'Raw events')!;
    const executed = await executeTarget(
      panel,
      panel.targets![0]!,
      runVariables(dashboard, run.ledger.runId, { session }),
      { fromMs: run.ledger.window.startMs - 60_000, toMs },
      stack.endpoints,
      datasourceVariables(dashboard.templating?.list),
    );
    expect(executed.request).toContain(`${field}:~"^(${session})$"`);
    expect(executed.rows!.length).toBe(run.sessionEvents[session]);
    expect(new Set(executed.rows!.map((row) => row[field]))).toEqual(new Set([session]));
  });

  it('catches deliberately wrong panel queries in copies of the dashboards, on exactly those panels', async () => {
    const dashboards = wrongDashboards(loadDashboards());
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
    expect(results.filter((r) => r.status !== 'passed' && r.status !== 'failed')).toEqual([]);
    const sessions = results.find((r) => r.title.startsWith('Claude Code › Sessions'))!;
    expect(sessions.expected).toBe('3');
    expect(sessions.actual).not.toBe('3');
    const detail = (title: string): string | undefined =>
      results.find((r) => r.title.startsWith(title))?.detail;
    expect(detail('Claude Code › Tool success rate')).toBe(
      'Bash: expected 100, shown 0; Edit: expected 66.6666666666667, shown 0',
    );
    expect(detail('Codex › Sandbox denials')).toBe('value: expected 1, shown 0');
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
