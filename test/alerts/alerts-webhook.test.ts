import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../assertions/backends/prometheus-client.js';
import { renderConsole } from '../../assertions/reporters/console-reporter.js';
import { alertsSuite } from '../../assertions/suites/alerts.js';
import { checkClaudeEventCounts } from '../../assertions/suites/claude-event-counts.js';
import { metricsSuite } from '../../assertions/suites/metrics.js';
import { verifyLive } from '../../assertions/verify-session.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { resolveSimulationFlags } from '../../cli/options/simulate-flags.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { alertRules } from '../../stack/alerts/alert-rules.js';
import { DEFAULT_ALERT_SETTINGS } from '../../stack/alerts/alert-settings.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

/** One alert of an Alertmanager webhook notification (its JSON, version 4). */
interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  startsAt: string;
}
interface Received {
  atMs: number;
  alerts: WebhookAlert[];
}

/** The local webhook Alertmanager posts to: every notification with the time it arrived. */
async function startWebhook(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ atMs: Date.now(), alerts: (JSON.parse(body) as { alerts: WebhookAlert[] }).alerts });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alerts`, received, server };
}

function firstArrival(
  received: Received[],
  runId: string,
  alertname: string,
): { atMs: number; alert: WebhookAlert } | undefined {
  for (const r of received) {
    const alert = r.alerts.find(
      (a) => a.status === 'firing' && a.labels.alertname === alertname && a.labels.aimon_run_id === runId,
    );
    if (alert) return { atMs: r.atMs, alert };
  }
  return undefined;
}

let stack: TestStack;
let webhook: Awaited<ReturnType<typeof startWebhook>>;

beforeAll(async () => {
  webhook = await startWebhook();
  // Default thresholds (the scenarios' expectations are written against them); test-short timings.
  stack = await startTestStack({
    alerts: { webhookUrl: webhook.url, forMs: 2_000, evaluationIntervalMs: 1_000, groupWaitMs: 1_000 },
  });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => webhook?.server.close(resolve));
});

async function runScenario(scenario: string, onStart: (ms: number) => void): Promise<RunLedger> {
  const config = await resolveSimulationFlags({
    scenario,
    protocol: 'grpc',
    endpoint: stack.endpoints.otlpGrpc,
  });
  onStart(Date.now());
  return (await runSimulation(config)).ledger;
}

describe('alerts end to end: Prometheus rules → Alertmanager → webhook', () => {
  it('cost-spike fires the spend alerts for its user and team, and they reach the webhook', async () => {
    let startMs = 0;
    const { report, ledger } = await verifyLive({
      endpoints: stack.endpoints,
      suites: [alertsSuite],
      probeIntervalMs: 0,
      load: () => runScenario('cost-spike', (ms) => (startMs = ms)),
    });
    if (!report.passed) process.stderr.write(renderConsole(report));
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ['alerts.fires.AimonSpendSpike', 'passed'],
      ['alerts.fires.AimonDailySpendOverBudget', 'passed'],
      ['alerts.nothing-else', 'passed'],
    ]);
    const user = ledger.metrics.find((m) => m.name === 'claude_code.cost.usage')!.attributes['user.email'];
    // The spike starts 10 s into the run (cost-spike.yaml: 20/s, then 600/s). When Prometheus' samples first show
    // the spend over the threshold: the alert can fire no earlier.
    const spikeStartMs = startMs + 10_000;
    const prometheus = new PrometheusClient({ baseUrl: stack.endpoints.prometheus });
    const crossing = async (windowText: string, threshold: number): Promise<number> => {
      const q = `sum(increase(claude_code_cost_usage_USD_total{aimon_run_id="${ledger.runId}"}[${windowText}])) > ${threshold}`;
      const rows = await prometheus.queryRange(q, startMs, Date.now(), 1000);
      return rows[0]?.values[0]?.[0] ?? NaN;
    };
    const crossedMs = {
      AimonSpendSpike: await crossing('10m', DEFAULT_ALERT_SETTINGS.spikeUsd),
      AimonDailySpendOverBudget: await crossing('1d', DEFAULT_ALERT_SETTINGS.dailyBudgetUsd),
    };
    for (const name of ['AimonSpendSpike', 'AimonDailySpendOverBudget'] as const) {
      const arrival = firstArrival(webhook.received, ledger.runId, name);
      expect(arrival, `${name} reached the webhook`).toBeDefined();
      expect(arrival!.alert.labels).toMatchObject({ user, team_id: 'platform', severity: 'warning' });
      const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
      process.stderr.write(
        `${name}: spend over the threshold in Prometheus ${s(crossedMs[name] - spikeStartMs)} after the spike began; ` +
          `active ${s(Date.parse(arrival!.alert.startsAt) - crossedMs[name])} and at the webhook ` +
          `${s(arrival!.atMs - crossedMs[name])} after that (for: 2s, evaluation 1s, group_wait 1s)\n`,
      );
    }
  });

  it("error-storm fires Claude Code's API error and retries-exhausted alerts from the collector's exact event counts", async () => {
    let startMs = 0;
    const { report, ledger } = await verifyLive({
      endpoints: stack.endpoints,
      suites: [metricsSuite, alertsSuite],
      probeIntervalMs: 0,
      load: () => runScenario('error-storm', (ms) => (startMs = ms)),
    });
    if (!report.passed) process.stderr.write(renderConsole(report));
    const status = new Map(report.results.map((r) => [r.id, r.status]));
    for (const id of [
      'metrics.aimon_claude_code_api_requests_total',
      'metrics.aimon_claude_code_api_errors_total',
      'metrics.aimon_claude_code_api_retries_exhausted_total',
      'alerts.fires.AimonClaudeApiErrorRateHigh',
      'alerts.fires.AimonRetriesExhausted',
      'alerts.fires.AimonApiErrorRateHigh',
      'alerts.nothing-else',
    ])
      expect(status.get(id), id).toBe('passed');
    expect(report.passed).toBe(true);

    // The count check is exact: one event more in the ledger for one user fails it, naming that user.
    const prometheus = new PrometheusClient({ baseUrl: stack.endpoints.prometheus });
    const breakdown = ledger.breakdowns.find(
      (b) => b.id === 'claude_code.api_retries_exhausted.count.by_user',
    )!;
    const [user, count] = Object.entries(breakdown.values)[0]!;
    const doctored = {
      ...ledger,
      breakdowns: ledger.breakdowns.map((b) =>
        b === breakdown ? { ...b, values: { ...b.values, [user]: count + 1 } } : b,
      ),
    };
    const rangeSeconds = Math.ceil((Date.now() - ledger.window.startMs) / 1000) + 300;
    const wrong = (await checkClaudeEventCounts(doctored, prometheus, rangeSeconds)).find(
      (r) => r.id === 'metrics.aimon_claude_code_api_retries_exhausted_total',
    )!;
    expect(wrong.status).toBe('failed');
    expect(wrong.detail).toContain(`{user_id="${user}"}: expected ${count + 1}, got ${count}`);

    // Firing delay: from the run's start, and from when Prometheus' samples first meet the rule's condition.
    const rules = new Map(
      alertRules(DEFAULT_ALERT_SETTINGS).flatMap((g) => g.rules.map((r) => [r.alert, r])),
    );
    for (const name of ['AimonClaudeApiErrorRateHigh', 'AimonRetriesExhausted'] as const) {
      const rows = await prometheus.queryRange(rules.get(name)!.expr, startMs, Date.now(), 1000);
      const crossedMs = Math.min(
        ...rows.filter((r) => r.metric.aimon_run_id === ledger.runId).map((r) => r.values[0]![0]),
      );
      const arrival = firstArrival(webhook.received, ledger.runId, name);
      expect(arrival, `${name} reached the webhook`).toBeDefined();
      expect(['platform', 'web']).toContain(arrival!.alert.labels.team_id);
      const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
      process.stderr.write(
        `${name}: condition met in Prometheus ${s(crossedMs - startMs)} after the run began; active ` +
          `${s(Date.parse(arrival!.alert.startsAt) - crossedMs)} and at the webhook ${s(arrival!.atMs - crossedMs)} ` +
          `after that (for: 2s, evaluation 1s, group_wait 1s)\n`,
      );
    }
  });

  it('smoke fires nothing: no alert for its run in Prometheus, none at the webhook', async () => {
    const { report, ledger } = await verifyLive({
      endpoints: stack.endpoints,
      suites: [alertsSuite],
      probeIntervalMs: 0,
      load: () => runScenario('smoke', () => {}),
    });
    if (!report.passed) process.stderr.write(renderConsole(report));
    expect(report.results.map((r) => [r.id, r.status])).toEqual([['alerts.nothing-else', 'passed']]);
    // group_wait is 1 s: anything Prometheus sent would have been posted by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(
      webhook.received.flatMap((r) => r.alerts).filter((a) => a.labels.aimon_run_id === ledger.runId),
    ).toEqual([]);
  });
});
