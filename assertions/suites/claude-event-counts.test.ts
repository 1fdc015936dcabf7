import { describe, expect, it } from 'vitest';
import { BREAKDOWN_KEY_SEPARATOR, type RunLedger } from '../../core/ledger/index.js';
import {
  CLAUDE_EVENT_COUNTS,
  checkClaudeEventCounts,
  compareEventCounts,
  eventCountQuery,
} from './claude-event-counts.js';

const errors = CLAUDE_EVENT_COUNTS.find((c) => c.metric === 'aimon_claude_code_api_errors_total')!;
const key = (user: string, status: string): string => `${user}${BREAKDOWN_KEY_SEPARATOR}${status}`;
const sample = (user: string, status: string, value: number) => ({
  metric: { user_id: user, status_code: status },
  value,
});

describe('Claude event counts against the ledger', () => {
  it('reads each group exactly: anchored increase() summed by the breakdown labels, for the run only', () => {
    expect(eventCountQuery(errors, 'run-1', 600)).toBe(
      'sum by (user_id, status_code) (increase(aimon_claude_code_api_errors_total{aimon_run_id="run-1"}[600s] anchored))',
    );
  });

  it('passes equal counts', () => {
    const expected = { [key('u1', '529')]: 3, [key('u2', '429')]: 1 };
    expect(compareEventCounts(errors, expected, [sample('u1', '529', 3), sample('u2', '429', 1)])).toEqual(
      [],
    );
  });

  it('names a wrong, a missing, an extra and a fractional (extrapolated) count', () => {
    const expected = { [key('u1', '529')]: 3, [key('u2', '429')]: 1, [key('u3', '500')]: 2 };
    expect(
      compareEventCounts(errors, expected, [
        sample('u1', '529', 4),
        sample('u3', '500', 2.2),
        sample('u4', '529', 1),
      ]),
    ).toEqual([
      'aimon_claude_code_api_errors_total{user_id="u1",status_code="529"}: expected 3, got 4',
      'aimon_claude_code_api_errors_total{user_id="u2",status_code="429"}: missing (expected 1)',
      'aimon_claude_code_api_errors_total{user_id="u3",status_code="500"}: expected 2, got 2.2',
      'aimon_claude_code_api_errors_total{user_id="u4",status_code="529"}: 1 counted, none in the ledger',
    ]);
  });
});

describe('checkClaudeEventCounts on a stack without the counters', () => {
  const ledger = {
    runId: 'run-1',
    breakdowns: CLAUDE_EVENT_COUNTS.map((c) => ({ id: c.breakdown, values: { u1: 2 } })),
  } as unknown as RunLedger;
  /** A Prometheus that has the given metrics (any run), answering count() and the run's query. */
  const prometheusWith = (metrics: string[]) => ({
    query: (promql: string) => {
      const metric = CLAUDE_EVENT_COUNTS.find((c) => promql.includes(c.metric))!.metric;
      if (!metrics.includes(metric)) return Promise.resolve([]);
      return Promise.resolve(promql.startsWith('count(') ? [{ metric: {}, value: 1 }] : []);
    },
  });

  it("skips, saying why, a counter this stack's collector does not make (someone else's pipeline)", async () => {
    const results = await checkClaudeEventCounts(ledger, prometheusWith([]), 600);
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(results[0]!.detail).toContain('does not count Claude Code');
  });

  it('fails a run whose counts are missing on a stack that makes the counter', async () => {
    const results = await checkClaudeEventCounts(
      ledger,
      prometheusWith(['aimon_claude_code_api_requests_total']),
      600,
    );
    expect(results.map((r) => r.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(results[0]!.detail).toContain('missing (expected 2)');
  });
});
