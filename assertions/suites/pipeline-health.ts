import { check, describeError, errored, skipped, type AssertionResult } from '../assertion.js';
import {
  COLLECTOR_LOSS_COUNTERS,
  VICTORIA_LOGS_DROPPED,
  VICTORIA_LOGS_READ_ONLY,
  type PipelineSnapshot,
} from '../pipeline-snapshot.js';
import type { Suite } from '../suite.js';
import type { VerifyContext } from '../verify-context.js';

const SUITE = 'health';

/**
 * The collector's own counters show no refused, failed or dropped records during the run, and VictoriaLogs'
 * dropped-rows counter did not move. Live runs compare snapshots taken before the load and after settling;
 * `--ledger` re-checks read the same counters from Prometheus (which scrapes both) at the run's start and now.
 */
export const pipelineHealthSuite: Suite = {
  id: SUITE,
  title: 'Pipeline health',
  async run(ctx) {
    if (ctx.baseline && ctx.after) return fromSnapshots(ctx.baseline, ctx.after);
    return fromPrometheus(ctx);
  },
};

function counterResult(
  name: string,
  before: number,
  after: number,
  source: string,
  query: string,
): AssertionResult {
  const delta = after - before;
  return check(delta === 0, {
    id: `${SUITE}.${name}`,
    suite: SUITE,
    title: `${name} did not increase during the run`,
    expected: '+0',
    actual: `+${delta}`,
    detail: delta === 0 ? '' : `${name} went from ${before} to ${after} (${source})`,
    query,
  });
}

export function fromSnapshots(before: PipelineSnapshot, after: PipelineSnapshot): AssertionResult[] {
  const results: AssertionResult[] = [];
  const collectorError = before.collectorError ?? after.collectorError;
  const collectorSkipped = before.collectorSkipped ?? after.collectorSkipped;
  if (collectorSkipped) {
    results.push(
      skipped({
        id: `${SUITE}.collector`,
        suite: SUITE,
        title: 'Collector loss counters',
        detail: collectorSkipped,
      }),
    );
  } else if (collectorError) {
    results.push(
      errored({
        id: `${SUITE}.collector`,
        suite: SUITE,
        title: 'Collector loss counters',
        detail: collectorError,
      }),
    );
  } else {
    const names = new Set([
      ...COLLECTOR_LOSS_COUNTERS,
      ...Object.keys(before.collector),
      ...Object.keys(after.collector),
    ]);
    for (const name of names) {
      results.push(
        counterResult(
          name,
          before.collector[name] ?? 0,
          after.collector[name] ?? 0,
          'collector :8888 before/after',
          'collector self-metrics',
        ),
      );
    }
  }
  const vlError = before.victoriaLogsError ?? after.victoriaLogsError;
  if (vlError) {
    results.push(
      errored({
        id: `${SUITE}.${VICTORIA_LOGS_DROPPED}`,
        suite: SUITE,
        title: 'VictoriaLogs dropped rows',
        detail: vlError,
      }),
    );
  } else {
    results.push(
      counterResult(
        VICTORIA_LOGS_DROPPED,
        before.victoriaLogs.rowsDropped,
        after.victoriaLogs.rowsDropped,
        'VictoriaLogs /metrics before/after',
        'VictoriaLogs /metrics',
      ),
    );
    results.push(writableResult(after.victoriaLogs.readOnly ?? 0, 'VictoriaLogs /metrics'));
  }
  return results;
}

/** A VictoriaLogs that answers /health but is read-only (disk full) refuses every insert: unhealthy. */
function writableResult(readOnly: number, query: string): AssertionResult {
  return check(readOnly === 0, {
    id: `${SUITE}.${VICTORIA_LOGS_READ_ONLY}`,
    suite: SUITE,
    title: 'VictoriaLogs can write (not read-only for lack of disk space)',
    expected: '0',
    actual: String(readOnly),
    detail:
      readOnly === 0
        ? ''
        : 'VictoriaLogs is read-only: free disk space is below -storage.minFreeDiskSpaceBytes, so it refuses inserts ' +
          "(the collector's persistent queue holds them until space is freed)",
    query,
  });
}

async function fromPrometheus(ctx: VerifyContext): Promise<AssertionResult[]> {
  const startMs = ctx.ledger.window.startMs - 10_000;
  const endMs = Date.now();
  const results: AssertionResult[] = [];
  const counters = [
    ...COLLECTOR_LOSS_COUNTERS.map((name) => ({ name, job: 'collector' })),
    { name: VICTORIA_LOGS_DROPPED, job: 'victorialogs' },
  ];
  try {
    const up = await ctx.prometheus.query('up{job=~"aimon-collector-self|aimon-victorialogs"}');
    if (up.length === 0) {
      return [
        skipped({
          id: `${SUITE}.counters`,
          suite: SUITE,
          title: 'Pipeline loss counters',
          detail:
            'Prometheus does not scrape the collector self-metrics / VictoriaLogs jobs, and no live snapshot was taken',
        }),
      ];
    }
    for (const { name, job } of counters) {
      const query = `sum(${name}{job=${JSON.stringify(job === 'collector' ? 'aimon-collector-self' : 'aimon-victorialogs')}})`;
      const [before] = await ctx.prometheus.query(query, startMs);
      const [after] = await ctx.prometheus.query(query, endMs);
      results.push(
        counterResult(name, before?.value ?? 0, after?.value ?? 0, 'Prometheus at run start and now', query),
      );
    }
    const readOnlyQuery = `max(${VICTORIA_LOGS_READ_ONLY}{job="aimon-victorialogs"})`;
    const [readOnly] = await ctx.prometheus.query(readOnlyQuery, endMs);
    results.push(writableResult(readOnly?.value ?? 0, readOnlyQuery));
    return results;
  } catch (error) {
    return [
      ...results,
      errored({
        id: `${SUITE}.counters`,
        suite: SUITE,
        title: 'Pipeline loss counters',
        detail: describeError(error),
      }),
    ];
  }
}
