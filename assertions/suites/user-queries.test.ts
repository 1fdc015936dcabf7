import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS_SCRAPE_JOB, UNSUFFIXED_METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import type { LedgerMetricSeries, RunLedger } from '../../core/ledger/index.js';
import { projectRoot } from '../../core/paths.js';
import { METRICS as CLAUDE_METRICS } from '../../simulator/agents/claude-code/catalog.js';
import type { PrometheusClient } from '../backends/prometheus-client.js';
import { prometheusMetricName, unsuffixedMetricName } from '../prometheus-names.js';
import type { VerifyContext } from '../verify-context.js';
import { counterTotals, userQueries, userQueriesSuite, withinTolerance } from './user-queries.js';

function series(overrides: Partial<LedgerMetricSeries>): LedgerMetricSeries {
  return {
    agent: 'claude_code',
    name: 'claude_code.cost.usage',
    unit: 'USD',
    kind: 'sum',
    temporality: 'delta',
    attributes: {},
    resource: {},
    value: 1,
    ...overrides,
  };
}

const ledgerMetrics = [
  series({ value: 0.5 }),
  series({ value: 0.25, attributes: { model: 'opus' } }),
  series({ name: 'claude_code.session.count', unit: '', value: 1 }),
  series({
    agent: 'codex',
    name: 'codex.turn.token_usage',
    unit: '',
    kind: 'histogram',
    value: 900,
    count: 3,
  }),
];

describe('user-queries suite logic', () => {
  it('totals each counter in both spellings, Codex in the suffixed one only, histograms not at all', () => {
    expect(counterTotals(ledgerMetrics)).toEqual([
      {
        otlpName: 'claude_code.cost.usage',
        promName: 'claude_code_cost_usage',
        job: UNSUFFIXED_METRICS_SCRAPE_JOB,
        truth: 0.75,
      },
      {
        otlpName: 'claude_code.cost.usage',
        promName: 'claude_code_cost_usage_USD_total',
        job: METRICS_SCRAPE_JOB,
        truth: 0.75,
      },
      {
        otlpName: 'claude_code.session.count',
        promName: 'claude_code_session_count',
        job: UNSUFFIXED_METRICS_SCRAPE_JOB,
        truth: 1,
      },
      {
        otlpName: 'claude_code.session.count',
        promName: 'claude_code_session_count_total',
        job: METRICS_SCRAPE_JOB,
        truth: 1,
      },
    ]);
  });

  it('writes the plain queries a user would', () => {
    const [increase, rate] = userQueries(counterTotals(ledgerMetrics)[1]!, 'run-1', 300);
    expect(increase).toBe(
      'sum(increase(claude_code_cost_usage_USD_total{job="otel-collector",aimon_run_id="run-1"}[300s]))',
    );
    expect(rate).toBe(
      'sum(rate(claude_code_cost_usage_USD_total{job="otel-collector",aimon_run_id="run-1"}[300s])) * 300',
    );
  });

  it('holds within 2 % and not beyond', () => {
    expect(withinTolerance(100, 101.9)).toBe(true);
    expect(withinTolerance(100, 97.9)).toBe(false);
    expect(withinTolerance(0, 0)).toBe(true);
    expect(withinTolerance(0, 0.5)).toBe(false);
  });

  it('fails naming the counter and the ratio when increase() undercounts (Prometheus without start timestamps)', async () => {
    const prometheus = {
      async query(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>> {
        if (promql.startsWith('max(timestamp(up')) return [{ metric: {}, value: 1_800_000_000 }];
        // What Prometheus 2.42 answered: a counter's first value is never an increase; a one-shot series reads 0.
        if (promql.includes('session_count')) return [];
        return [{ metric: {}, value: promql.includes('rate(') ? 0.75 : 0.75 * 0.31 }];
      },
    } as unknown as PrometheusClient;
    const ledger = {
      runId: 'run-1',
      window: { startMs: 1_799_999_000_000, endMs: 1_799_999_900_000 },
      metrics: ledgerMetrics,
    };
    const results = await userQueriesSuite.run({ ledger: ledger as RunLedger, prometheus } as VerifyContext);
    const byId = new Map(results.map((r) => [r.id, r]));
    const cost = byId.get('user-queries.claude_code_cost_usage_USD_total')!;
    expect(cost.status).toBe('failed');
    expect(cost.detail).toBe("increase() read 0.2325, 0.3100× the ledger's 0.75");
    const sessions = byId.get('user-queries.unsuffixed.claude_code_session_count')!;
    expect(sessions.status).toBe('failed');
    expect(sessions.detail).toContain("increase() read 0, 0.0000× the ledger's 1");
    expect(results.every((r) => r.status === 'failed')).toBe(true);
  });
});

/** Applies Prometheus' metric_relabel_configs (anchored RE2 regexes, replace/keep) to a metric name. */
function relabel(
  name: string,
  rules: Array<{ regex: string; action?: string; replacement?: string }>,
): string | undefined {
  let current = name;
  for (const rule of rules) {
    const match = new RegExp(`^(?:${rule.regex})$`).exec(current);
    if ((rule.action ?? 'replace') === 'keep') {
      if (!match) return undefined;
    } else if (match) {
      current = (rule.replacement ?? '$1').replace(/\$(\d)/g, (_, i: string) => match[Number(i)] ?? '');
    }
  }
  return current;
}

describe('the suffix-less spelling (prometheus.yml relabelling)', () => {
  const config = parse(
    readFileSync(join(projectRoot(), 'stack', 'prometheus', 'prometheus.yml'), 'utf8'),
  ) as {
    scrape_configs: Array<{
      job_name: string;
      metric_relabel_configs?: Array<{ regex: string; action?: string; replacement?: string }>;
    }>;
  };
  const rules = config.scrape_configs.find(
    (c) => c.job_name === UNSUFFIXED_METRICS_SCRAPE_JOB,
  )!.metric_relabel_configs!;

  it.each(Object.values(CLAUDE_METRICS))('renames $name to the exporter name without suffixes', (metric) => {
    const suffixed = prometheusMetricName(metric.name, metric.unit, 'sum');
    expect(relabel(suffixed, rules)).toBe(unsuffixedMetricName(metric.name));
  });

  it('names what pigsty selects and the seed lists', () => {
    expect(relabel('claude_code_cost_usage_USD_total', rules)).toMatch(/^claude_code.cost.usage$/);
    expect(relabel('claude_code_active_time_seconds_total', rules)).toBe('claude_code_active_time_total');
    expect(relabel('claude_code_session_count_total', rules)).toBe('claude_code_session_count');
  });

  it('keeps Codex out of it', () => {
    expect(relabel('codex_turn_token_usage_bucket', rules)).toBeUndefined();
    expect(relabel('codex_api_request_total', rules)).toBeUndefined();
  });
});
