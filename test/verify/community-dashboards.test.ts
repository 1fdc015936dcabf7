import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../assertions/backends/prometheus-client.js';
import { VictoriaLogsClient } from '../../assertions/backends/victoria-logs-client.js';
import { userQueriesSuite } from '../../assertions/suites/user-queries.js';
import { verifyLedger } from '../../assertions/verify-session.js';
import { METRICS_SCRAPE_JOB, UNSUFFIXED_METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
import { simulatedLoad } from '../support/live/simulated-load.js';

/**
 * The stack as other people's dashboards see it: their queries, written the way each published dashboard writes
 * them (not copied), against real simulated runs at the real clients' 60 s export interval and at 1 s. Nothing here
 * is aimon's own dashboard or suite, except the user-queries suite checked first.
 */
let stack: TestStack;
let prometheus: PrometheusClient;
let logs: VictoriaLogsClient;
const ledgers: RunLedger[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  prometheus = new PrometheusClient({ baseUrl: stack.endpoints.prometheus });
  logs = new VictoriaLogsClient({ baseUrl: stack.endpoints.victoriaLogs });
});
afterAll(async () => {
  await stack?.stop();
});

/** What the ledgers say a counter adds up to (all runs: community dashboards do not filter by run). */
function ledgerTotal(name: string, by?: (attributes: Record<string, unknown>) => boolean): number {
  return ledgers
    .flatMap((l) => l.metrics)
    .filter((s) => s.name === name && (!by || by(s.attributes)))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrapeInstant(job: string): Promise<number> {
  const [sample] = await prometheus.query(`max(timestamp(up{job="${job}"}))`);
  return sample!.value * 1000;
}

/** `sum(...)` of one PromQL expression at an instant, 0 when empty (an empty panel). */
async function scalar(promql: string, atMs?: number): Promise<number | undefined> {
  const samples = await prometheus.query(promql, atMs);
  return samples.length === 0 ? undefined : samples.reduce((sum, s) => sum + s.value, 0);
}

function range(): string {
  const first = Math.min(...ledgers.map((l) => l.window.startMs));
  return `${Math.ceil((Date.now() - first) / 1000) + 180}s`;
}

describe('published dashboards and plain queries on a fresh stack', () => {
  it.each([
    ['60s', '60 s, as the real clients export'],
    ['1s', '1 s'],
  ])(
    'increase() over the run equals the ledger within 2 %% for every counter at a %s export interval',
    async (interval) => {
      const ledger = await simulatedLoad(stack.endpoints, {
        scenario: 'team-steady',
        // Distinct sessions and users in each run (one seed would repeat the first run's ids).
        seed: ledgers.length + 11,
        rate: '400/s',
        duration: '8s',
        metricInterval: interval,
      })();
      ledgers.push(ledger);
      const report = await verifyLedger(ledger, {
        endpoints: stack.endpoints,
        suites: [userQueriesSuite],
        lastExportMs: Date.now(),
      });
      const problems = report.results.filter((r) => r.status !== 'passed');
      expect(problems.map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
      const checked = new Set(report.results.map((r) => r.id));
      for (const counter of [
        'claude_code_cost_usage_USD_total',
        'claude_code_token_usage_tokens_total',
        'claude_code_session_count_total',
        'claude_code_lines_of_code_count_total',
        'claude_code_commit_count_total',
        'claude_code_pull_request_count_total',
        'codex_api_request_total',
        'codex_tool_call_total',
        'unsuffixed.claude_code_session_count',
        'unsuffixed.claude_code_cost_usage',
      ])
        expect(checked, counter).toContain(`user-queries.${counter}`);
    },
  );

  it("pigsty's stats: suffix-less names selected by anchored regex, increase over the range", async () => {
    const at = await scrapeInstant(UNSUFFIXED_METRICS_SCRAPE_JOB);
    for (const [regex, otlp] of [
      ['claude_code.session.count', 'claude_code.session.count'],
      ['claude_code.cost.usage', 'claude_code.cost.usage'],
      ['claude_code.token.usage', 'claude_code.token.usage'],
      ['claude_code.active_time.total', 'claude_code.active_time.total'],
    ] as const) {
      const got = await scalar(`sum(increase({__name__=~"${regex}"}[${range()}]))`, at);
      expect(got, regex).toBeDefined();
      expect(got! / ledgerTotal(otlp), regex).toBeCloseTo(1, 2);
    }
  });

  it("pigsty's log panels: job:claude, _msg:claude_code.<event>, session.id values for $session", async () => {
    const apiRequests = ledgers.reduce((n, l) => n + (l.eventCounts['claude_code.api_request'] ?? 0), 0);
    const [count] = await logs.statsQuery(
      '_time:1h job:claude _msg:claude_code.api_request | stats count() as n',
    );
    expect(count?.value).toBe(apiRequests);
    const byModel = await logs.statsQuery(
      '_time:1h job:claude _msg:claude_code.api_request | stats by (model) sum(cost_usd) as cost',
    );
    expect(byModel.length).toBeGreaterThan(1);
    const sessions = await logs.query('_time:1h job:claude | uniq by (session.id)', {}, 100_000);
    expect(sessions.length).toBe(ledgers.reduce((n, l) => n + l.sessions.claude_code, 0));
    // Codex records are not Claude's: their job is their own service name.
    const [codexAsClaude] = await logs.statsQuery(
      '_time:1h job:claude event.name:codex.api_request | stats count() as n',
    );
    expect(codexAsClaude?.value ?? 0).toBe(0);
  });

  it('ColeMurray\'s panels: job="otel-collector" and suffixed names', async () => {
    const at = await scrapeInstant(METRICS_SCRAPE_JOB);
    const cost = await scalar(
      `sum(increase(claude_code_cost_usage_USD_total{job="otel-collector"}[${range()}]))`,
      at,
    );
    expect(cost! / ledgerTotal('claude_code.cost.usage')).toBeCloseTo(1, 2);
    const byType = await prometheus.query(
      `sum by (type) (increase(claude_code_token_usage_tokens_total{job="otel-collector"}[${range()}]))`,
      at,
    );
    for (const sample of byType) {
      const truth = ledgerTotal('claude_code.token.usage', (a) => a.type === sample.metric.type);
      expect(sample.value / truth, sample.metric.type).toBeCloseTo(1, 2);
    }
    expect(byType.length).toBe(4);
  });

  it("the Anthropic guide's queries: raw sums by type and active users", async () => {
    const tokens = await scalar('sum(claude_code_token_usage_tokens_total)');
    expect(tokens! / ledgerTotal('claude_code.token.usage')).toBeCloseTo(1, 6);
    const at = await scrapeInstant(METRICS_SCRAPE_JOB);
    const users = await scalar(
      `count(count by (user_id) (increase(claude_code_cost_usage_USD_total[${range()}]) > 0))`,
      at,
    );
    const truth = new Set(
      ledgers
        .flatMap((l) => l.metrics)
        .filter((s) => s.name === 'claude_code.cost.usage')
        .map((s) => s.attributes['user.id']),
    );
    expect(users).toBe(truth.size);
  });

  it('stack-health panels find Prometheus itself as job="prometheus"', async () => {
    expect(await scalar('up{job="prometheus"}')).toBe(1);
  });
});
