import { BREAKDOWN_KEY_SEPARATOR, type LedgerBreakdown, type RunLedger } from '../../core/ledger/index.js';
import { check, describeError, errored, skipped, type AssertionResult } from '../assertion.js';
import type { PromSample } from '../backends/prometheus-client.js';
import { formatFigure } from '../float-compare.js';

const SUITE = 'metrics';

/**
 * The collector's counts of Claude Code's API events (stack/collector/config.yaml, connector count/claude-code),
 * each checked against the ledger breakdown that counts the same records by the same attributes.
 */
export const CLAUDE_EVENT_COUNTS = [
  {
    metric: 'aimon_claude_code_api_requests_total',
    breakdown: 'claude_code.api_request.count.by_user',
    labels: ['user_id'],
  },
  {
    metric: 'aimon_claude_code_api_errors_total',
    breakdown: 'claude_code.api_error.count.by_user_status_code',
    labels: ['user_id', 'status_code'],
  },
  {
    metric: 'aimon_claude_code_api_retries_exhausted_total',
    breakdown: 'claude_code.api_retries_exhausted.count.by_user',
    labels: ['user_id'],
  },
] as const;

export type ClaudeEventCount = (typeof CLAUDE_EVENT_COUNTS)[number];

/** Anything that answers an instant PromQL query (the verify context's Prometheus client). */
export interface InstantQuery {
  query(promql: string): Promise<PromSample[]>;
}

/**
 * The run's count per group: `increase(...[w] anchored)` from each series' zero sample at its start (the collector
 * stamps a count series' start when its first count arrives) to its last sample, no extrapolation, summed over the
 * series of a group (models, and in the cluster topology the two backend collectors' pages).
 */
export function eventCountQuery(spec: ClaudeEventCount, runId: string, rangeSeconds: number): string {
  return (
    `sum by (${spec.labels.join(', ')}) ` +
    `(increase(${spec.metric}{aimon_run_id=${JSON.stringify(runId)}}[${rangeSeconds}s] anchored))`
  );
}

/** Wrong figures, one line each: a group whose count differs, is missing, or is not in the ledger. */
export function compareEventCounts(
  spec: ClaudeEventCount,
  expected: Readonly<Record<string, number>>,
  samples: readonly PromSample[],
): string[] {
  const shown = (key: string): string =>
    key
      .split(BREAKDOWN_KEY_SEPARATOR)
      .map((v, i) => `${spec.labels[i]}=${JSON.stringify(v)}`)
      .join(',');
  const actual = new Map(
    samples.map((s) => [spec.labels.map((l) => s.metric[l] ?? '').join(BREAKDOWN_KEY_SEPARATOR), s.value]),
  );
  const problems: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = actual.get(key);
    if (got === undefined) problems.push(`${spec.metric}{${shown(key)}}: missing (expected ${want})`);
    // Counts are whole numbers: anything else is an extrapolated or half-counted series, i.e. wrong.
    else if (got !== want)
      problems.push(`${spec.metric}{${shown(key)}}: expected ${want}, got ${formatFigure(got)}`);
  }
  for (const [key, got] of actual)
    if (!(key in expected))
      problems.push(`${spec.metric}{${shown(key)}}: ${formatFigure(got)} counted, none in the ledger`);
  return problems;
}

function breakdownOf(ledger: RunLedger, id: string): LedgerBreakdown | undefined {
  return ledger.breakdowns.find((b) => b.id === id);
}

/** One result per count metric: every user's (and status code's) count equals the ledger's, exactly. */
export async function checkClaudeEventCounts(
  ledger: RunLedger,
  prometheus: InstantQuery,
  rangeSeconds: number,
): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  for (const spec of CLAUDE_EVENT_COUNTS) {
    const base = {
      id: `${SUITE}.${spec.metric}`,
      suite: SUITE,
      title: `${spec.metric} per ${spec.labels.join(' and ')} (collector's count of log events)`,
    };
    const breakdown = breakdownOf(ledger, spec.breakdown);
    if (!breakdown) {
      results.push(
        skipped({ ...base, detail: `the ledger has no ${spec.breakdown} (written by an older aimon)` }),
      );
      continue;
    }
    const query = eventCountQuery(spec, ledger.runId, rangeSeconds);
    try {
      // These series are made by aimon's collector (the count connector), not sent by the clients: a stack whose
      // pipeline has no such counter (someone else's collector) is not checked for it, and the report says why.
      if ((await prometheus.query(`count(${spec.metric})`)).length === 0) {
        results.push(
          skipped({
            ...base,
            detail: `this stack has no ${spec.metric} series at all: its collector does not count Claude Code's log events (aimon's does: stack/collector/config.yaml, count/claude-code)`,
          }),
        );
        continue;
      }
      const problems = compareEventCounts(spec, breakdown.values, await prometheus.query(query));
      const groups = Object.keys(breakdown.values).length;
      const total = Object.values(breakdown.values).reduce((sum, n) => sum + n, 0);
      results.push(
        check(problems.length === 0, {
          ...base,
          expected: `${groups} groups, ${total} events`,
          actual: problems.length === 0 ? `${groups} groups equal` : `${problems.length} wrong counts`,
          detail:
            problems.slice(0, 20).join('; ') +
            (problems.length > 20 ? `; … ${problems.length - 20} more` : ''),
          query,
        }),
      );
    } catch (error) {
      results.push(errored({ ...base, detail: describeError(error) }));
    }
  }
  return results;
}
