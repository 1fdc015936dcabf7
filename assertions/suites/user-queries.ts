import { AGENTS } from '../../core/agents.js';
import { METRICS_SCRAPE_JOB, UNSUFFIXED_METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import type { LedgerMetricSeries, RunLedger } from '../../core/ledger/index.js';
import { check, describeError, errored, type AssertionResult } from '../assertion.js';
import type { PrometheusClient } from '../backends/prometheus-client.js';
import { formatFigure } from '../float-compare.js';
import { prometheusMetricName, unsuffixedMetricName } from '../prometheus-names.js';
import type { Suite } from '../suite.js';

const SUITE = 'user-queries';
/** The bound for a user's own increase()/rate() against the truth. */
export const USER_QUERY_TOLERANCE = 0.02;
/** The window starts this long before the run, so every counter's start timestamp (its zero sample) is inside it. */
const WINDOW_MARGIN_MS = 2 * 60_000;

/** One counter as a user queries it: the Prometheus name in one spelling, and the ledger's total for the run. */
export interface CounterTotal {
  otlpName: string;
  promName: string;
  job: string;
  truth: number;
}

/**
 * Each counter's run total, in both spellings the stack serves: the OTel-Prometheus one with suffixes and the
 * suffix-less one (Claude Code's).
 */
export function counterTotals(metrics: readonly LedgerMetricSeries[]): CounterTotal[] {
  const totals = new Map<string, CounterTotal>();
  const add = (series: LedgerMetricSeries, promName: string, job: string): void => {
    const truth = series.value;
    const key = `${job}/${promName}`;
    const entry = totals.get(key) ?? { otlpName: series.name, promName, job, truth: 0 };
    entry.truth += truth;
    totals.set(key, entry);
  };
  for (const series of metrics) {
    // Histograms are pushed, not scraped (stack/collector/config.yaml): their increase() is Prometheus' extrapolation.
    if (series.kind === 'histogram') continue;
    const suffixed = prometheusMetricName(series.name, series.unit, series.kind);
    const plain = unsuffixedMetricName(series.name);
    add(series, suffixed, METRICS_SCRAPE_JOB);
    // The suffix-less spelling is served for Claude Code only (see stack/prometheus/prometheus.yml).
    if (AGENTS[series.agent].unsuffixedMetricsServed) add(series, plain, UNSUFFIXED_METRICS_SCRAPE_JOB);
  }
  return [...totals.values()].sort(
    (a, b) => a.promName.localeCompare(b.promName) || a.job.localeCompare(b.job),
  );
}

/** The queries a user writes for a run total: increase() and rate()×window over a window covering the run. */
export function userQueries(counter: CounterTotal, runId: string, windowSeconds: number): [string, string] {
  const selector = `${counter.promName}{job="${counter.job}",aimon_run_id=${JSON.stringify(runId)}}`;
  return [
    `sum(increase(${selector}[${windowSeconds}s]))`,
    `sum(rate(${selector}[${windowSeconds}s])) * ${windowSeconds}`,
  ];
}

export function withinTolerance(truth: number, got: number, tolerance = USER_QUERY_TOLERANCE): boolean {
  if (truth === 0) return Math.abs(got) < 1e-9;
  return Math.abs(got - truth) <= tolerance * Math.abs(truth);
}

/**
 * Prometheus extrapolates increase() to the window's end by the time since the last sample; evaluated at the
 * exporter's latest scrape that is zero, so the figures are exact rather than off by up to one scrape interval over
 * the series' age (what a query at an arbitrary instant sees).
 */
async function latestScrapeMs(prometheus: PrometheusClient, job: string): Promise<number> {
  const samples = await prometheus.query(`max(timestamp(up{job="${job}"}))`);
  const seconds = samples[0]?.value;
  if (seconds === undefined || !Number.isFinite(seconds))
    throw new Error(`Prometheus has no scrape of job "${job}"`);
  return Math.round(seconds * 1000);
}

async function checkCounter(
  prometheus: PrometheusClient,
  ledger: RunLedger,
  counter: CounterTotal,
  atMs: number,
): Promise<AssertionResult> {
  const windowSeconds = Math.ceil((atMs - (ledger.window.startMs - WINDOW_MARGIN_MS)) / 1000);
  const queries = userQueries(counter, ledger.runId, windowSeconds);
  const base = {
    id: `${SUITE}.${counter.job === METRICS_SCRAPE_JOB ? '' : 'unsuffixed.'}${counter.promName}`,
    suite: SUITE,
    title: `increase() and rate()×w of ${counter.promName} (${counter.otlpName})`,
  };
  try {
    const [increase, rateTimesWindow] = await Promise.all(
      queries.map(async (q) => (await prometheus.query(q, atMs))[0]?.value ?? 0),
    );
    const wrong = [['increase()', increase!] as const, ['rate()×w', rateTimesWindow!] as const].filter(
      ([, got]) => !withinTolerance(counter.truth, got),
    );
    const ratio = (got: number): string => (counter.truth === 0 ? '—' : (got / counter.truth).toFixed(4));
    return check(wrong.length === 0, {
      ...base,
      expected: `${formatFigure(counter.truth)} ±${USER_QUERY_TOLERANCE * 100}%`,
      actual: `${formatFigure(increase!)} (×${ratio(increase!)}), ${formatFigure(rateTimesWindow!)} (×${ratio(rateTimesWindow!)})`,
      detail: wrong
        .map(
          ([what, got]) =>
            `${what} read ${formatFigure(got)}, ${ratio(got)}× the ledger's ${formatFigure(counter.truth)}`,
        )
        .join('; '),
      query: queries.join('\n'),
    });
  } catch (error) {
    return errored({ ...base, detail: describeError(error) });
  }
}

/** Users' own PromQL: the plain increase()/rate() every published dashboard writes must give the run's true totals. */
export const userQueriesSuite: Suite = {
  id: SUITE,
  title: "Users' own PromQL (increase, rate)",
  async run(ctx) {
    const counters = counterTotals(ctx.ledger.metrics);
    if (counters.length === 0) return [];
    const scrapeMs = new Map<string, number>();
    const results: AssertionResult[] = [];
    for (const counter of counters) {
      try {
        const atMs = scrapeMs.get(counter.job) ?? (await latestScrapeMs(ctx.prometheus, counter.job));
        scrapeMs.set(counter.job, atMs);
        results.push(await checkCounter(ctx.prometheus, ctx.ledger, counter, atMs));
      } catch (error) {
        const title = `latest scrape of job ${counter.job}`;
        results.push(
          errored({ id: `${SUITE}.${counter.promName}`, suite: SUITE, title, detail: describeError(error) }),
        );
      }
    }
    return results;
  },
};
