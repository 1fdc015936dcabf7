import { check, describeError, errored, skipped, type AssertionResult } from '../assertion.js';
import { summarizeLags } from '../lag-probe.js';
import { runFilter } from '../logsql.js';
import type { Suite } from '../suite.js';
import type { PerSecondPoint, VerifyContext } from '../verify-context.js';

const SUITE = 'throughput';
/** The stack keeps up when it stores at least this share of the rate the simulator had acknowledged. */
const KEEP_UP_RATIO = 0.99;

/** Ingested rows per second over the run (VictoriaLogs hits) and emit-to-queryable latency from probes. */
export const throughputLagSuite: Suite = {
  id: SUITE,
  title: 'Throughput and lag',
  async run(ctx) {
    return [await ingestRateAssertion(ctx), lagAssertion(ctx)];
  },
};

async function ingestRateAssertion(ctx: VerifyContext): Promise<AssertionResult> {
  const { ledger } = ctx;
  const startMs = Math.floor(ledger.window.startMs / 1000) * 1000;
  const endMs = Math.ceil((ledger.window.endMs + 1) / 1000) * 1000;
  const query = runFilter(ledger.runId);
  const base = {
    id: `${SUITE}.ingest-rate`,
    suite: SUITE,
    title: 'Rows ingested per second keep up with the rate sent',
    query: `hits step=1s: ${query}`,
  };
  const seconds = Math.max(1, (endMs - startMs) / 1000);
  const expectedRows = Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0);
  const sentRate = expectedRows / seconds;
  try {
    // Hits count rows by their own timestamp; Codex rows are stamped with their observed time, so both land here.
    const series = await ctx.logs.hits(query, { startMs: ctx.range.startMs, endMs: ctx.range.endMs }, 1000);
    const perSecond = new Map<number, number>();
    for (const s of series) {
      s.timestampsMs.forEach((t, i) => {
        const second = Math.floor(t / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + (s.values[i] ?? 0));
      });
    }
    ctx.observations.perSecond = perSecondPoints(ctx, perSecond, startMs / 1000, endMs / 1000);
    const stored = [...perSecond.values()].reduce((a, b) => a + b, 0);
    const storedRate = stored / seconds;
    const peak = Math.max(0, ...perSecond.values());
    const ok = stored >= KEEP_UP_RATIO * expectedRows;
    return check(ok, {
      ...base,
      expected: `≥ ${(KEEP_UP_RATIO * 100).toFixed(0)}% of ${sentRate.toFixed(1)} rows/s`,
      actual: `${storedRate.toFixed(1)} rows/s (peak ${peak}/s over ${seconds} s)`,
      detail: ok ? '' : `stored ${stored} of ${expectedRows} rows sent in ${seconds} s`,
    });
  } catch (error) {
    return errored({ ...base, detail: describeError(error) });
  }
}

function perSecondPoints(
  ctx: VerifyContext,
  stored: Map<number, number>,
  from: number,
  to: number,
): PerSecondPoint[] {
  const sent = new Map(ctx.ledger.timeline.map((p) => [p.second, p.acknowledged]));
  const points: PerSecondPoint[] = [];
  for (let second = from; second < to; second++) {
    points.push({ second, sent: sent.get(second) ?? 0, stored: stored.get(second) ?? 0 });
  }
  return points;
}

function lagAssertion(ctx: VerifyContext): AssertionResult {
  const base = { id: `${SUITE}.lag`, suite: SUITE, title: 'Emit-to-queryable lag of probe records' };
  const probes = ctx.probes;
  if (!probes)
    return skipped({
      ...base,
      detail: 'no probes: lag is measured only while verify sends the load (not with --ledger)',
    });
  const lag = summarizeLags(probes.lagsMs);
  const figures = `p50 ${lag.p50} ms, p95 ${lag.p95} ms, p99 ${lag.p99} ms, max ${lag.max} ms (${lag.count} probes)`;
  const problems: string[] = [];
  if (probes.lost > 0)
    problems.push(`${probes.lost} of ${probes.sent} probes not visible within ${probes.timeoutMs} ms`);
  if (lag.count === 0) problems.push('no probe became visible');
  if (ctx.maxLagP99Ms !== undefined && lag.p99 > ctx.maxLagP99Ms)
    problems.push(`p99 ${lag.p99} ms > ${ctx.maxLagP99Ms} ms`);
  return check(problems.length === 0, {
    ...base,
    expected:
      `every probe visible within ${probes.timeoutMs} ms` +
      (ctx.maxLagP99Ms !== undefined ? `, p99 ≤ ${ctx.maxLagP99Ms} ms` : ''),
    actual: figures,
    detail: problems.join('; '),
    query: `aimon.probe_run_id:=${JSON.stringify(probes.probeRunId)} | fields aimon.probe_id (polled every ${probes.pollIntervalMs} ms, no force flush)`,
  });
}
