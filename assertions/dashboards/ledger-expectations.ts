/**
 * Turns a panel target's Expectation into the figures the ledger implies: group key → value. Keys join the values
 * of the expectation's `by` attributes with BREAKDOWN_KEY_SEPARATOR ("" for a single total); a missing attribute is "".
 */
import { AGENTS, type AgentId } from '../../core/agents.js';
import {
  BREAKDOWN_KEY_SEPARATOR,
  type LedgerBreakdown,
  type LedgerMetricSeries,
  type RunLedger,
} from '../../core/ledger/index.js';
import { pricePerTokenType } from '../../dashboards/codex-prices.js';
import type { BreakdownSelector, Expectation, MetricSelector } from '../../dashboards/dashboard-spec.js';
import { VictoriaLogsClient } from '../backends/victoria-logs-client.js';

export type Figures = Map<string, number>;

export interface ExpectationContext {
  ledger: RunLedger;
  victoriaLogsUrl: string;
  fromMs: number;
  toMs: number;
  /** Raw log queries: the most lines the panel asks for. */
  lineLimit?: number;
}

export type ExpectationOutcome =
  | {
      status: 'expected';
      figures: Figures;
      note?: string;
      /** Figures the backend only estimates: any shown value within [min, max] is right. */
      ranges?: Map<string, readonly [number, number]>;
    }
  /**
   * The ledger cannot say what the panel must show. The query still runs: it must not fail and, when `nonEmpty`,
   * must return data; `byDesign` marks panels that have no ledger truth at all (as opposed to a ledger lacking it).
   */
  | { status: 'unavailable'; reason: string; nonEmpty?: boolean; byDesign?: boolean };

export function attributeOf(series: LedgerMetricSeries, key: string): string {
  const value = series.attributes[key] ?? series.resource[key];
  return value === undefined ? '' : String(value);
}

function matchesWhere(
  get: (key: string) => string,
  where?: Record<string, string | readonly string[]>,
): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, wanted]) =>
    typeof wanted === 'string' ? get(key) === wanted : wanted.includes(get(key)),
  );
}

export function selectSeries(ledger: RunLedger, select: MetricSelector): LedgerMetricSeries[] {
  return ledger.metrics.filter(
    (series) =>
      series.agent === select.agent &&
      series.name === select.metric &&
      matchesWhere((key) => attributeOf(series, key), select.where),
  );
}

function seriesValue(series: LedgerMetricSeries, select: MetricSelector): number {
  return select.field === 'count' ? (series.count ?? 0) : series.value;
}

function groupMetric(
  ledger: RunLedger,
  select: MetricSelector,
  by: readonly string[],
  valueOf = seriesValue,
): Figures {
  const figures: Figures = new Map();
  for (const series of selectSeries(ledger, select)) {
    const key = by.map((attr) => attributeOf(series, attr)).join(BREAKDOWN_KEY_SEPARATOR);
    figures.set(key, (figures.get(key) ?? 0) + valueOf(series, select));
  }
  return figures;
}

function sumOf(figures: Figures): number {
  let total = 0;
  for (const value of figures.values()) total += value;
  return total;
}

/**
 * Prometheus 3's histogram_quantile over a native histogram with custom buckets (how Prometheus stores the OTLP
 * histograms it receives), from OTLP bucket counts summed across the selected series. It walks the buckets from
 * the bottom for q < 0.5 and from the top otherwise, so a rank that falls exactly on a bucket boundary resolves
 * differently from the classic `_bucket` algorithm: this is the one the dashboards' queries run.
 */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  bucketCounts: readonly number[],
): number {
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const buckets = [...bounds, Number.POSITIVE_INFINITY].map((upper, i) => ({
    lower: i === 0 ? Number.NEGATIVE_INFINITY : bounds[i - 1]!,
    upper,
    count: bucketCounts[i] ?? 0,
  }));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0 || Number.isNaN(q)) return Number.NaN;
  const forward = q < 0.5;
  let rank = forward ? q * total : (1 - q) * total;
  const walk = forward ? buckets : [...buckets].reverse();
  let count = 0;
  let bucket = walk[0]!;
  for (const candidate of walk) {
    if (candidate.count === 0) continue;
    bucket = candidate;
    count += candidate.count;
    if (count >= rank) break;
  }
  let lower = bucket.lower;
  if (lower === Number.NEGATIVE_INFINITY) {
    if (bucket.upper <= 0) return bucket.upper;
    lower = 0;
  } else if (bucket.upper === Number.POSITIVE_INFINITY) {
    return lower;
  }
  count = Math.min(count, total);
  if (count < rank) return bucket.upper;
  rank = forward ? rank - (count - bucket.count) : count - rank;
  return lower + (bucket.upper - lower) * (rank / bucket.count);
}

/** Finds a ledger breakdown that covers the selector and grouping, and rolls it up to `by`. */
export function rollUpBreakdown(
  ledger: RunLedger,
  select: BreakdownSelector,
  by: readonly string[],
): Figures | undefined {
  const where = select.where ?? {};
  const candidates = ledger.breakdowns.filter((b: LedgerBreakdown) => {
    if (b.event !== select.event || b.op !== select.op) return false;
    if (select.op === 'sum' && b.field !== select.field) return false;
    const bWhere = b.where ?? {};
    if (Object.entries(bWhere).some(([key, value]) => where[key] !== value)) return false;
    const needed = [...by, ...Object.keys(where).filter((key) => !(key in bWhere))];
    return needed.every((key) => b.by.includes(key));
  });
  candidates.sort((a, b) => a.by.length - b.by.length);
  const chosen = candidates[0];
  if (!chosen) {
    if (select.op === 'count' && !select.where && by.length === 0 && select.event in ledger.eventCounts) {
      return new Map([['', ledger.eventCounts[select.event]!]]);
    }
    return undefined;
  }
  const bWhere = chosen.where ?? {};
  const figures: Figures = new Map();
  for (const [groupKey, value] of Object.entries(chosen.values)) {
    const parts = chosen.by.length === 0 ? [] : groupKey.split(BREAKDOWN_KEY_SEPARATOR);
    const get = (key: string): string => parts[chosen.by.indexOf(key)] ?? '';
    const extraWhere = Object.fromEntries(Object.entries(where).filter(([key]) => !(key in bWhere)));
    if (!matchesWhere(get, extraWhere)) continue;
    const key = by.map(get).join(BREAKDOWN_KEY_SEPARATOR);
    figures.set(key, (figures.get(key) ?? 0) + value);
  }
  return figures;
}

function describeBreakdown(select: BreakdownSelector, by: readonly string[]): string {
  const where = select.where ? ` where ${JSON.stringify(select.where)}` : '';
  return `${select.op}${select.field ? `(${select.field})` : ''} of ${select.event}${where} by [${by.join(', ')}]`;
}

/** Above this many values VictoriaLogs' quantile() works on a sample, so its answer is an estimate. */
export const LOGS_QUANTILE_EXACT_LIMIT = 100_000;
/** Rank error accepted for an estimated quantile (a uniform sample of 100,000 values is within it far beyond 6σ). */
export const LOGS_QUANTILE_RANK_ERROR = 0.01;

/** VictoriaLogs' quantile(): sort the values, take the element at floor(phi × n) (exact below 100,000 values). */
export function logsQuantile(values: readonly number[], phi: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 1) return sorted[0]!;
  if (phi <= 0) return sorted[0]!;
  if (phi >= 1) return sorted[sorted.length - 1]!;
  const index = Math.floor(phi * sorted.length);
  return index >= sorted.length ? sorted[sorted.length - 1]! : sorted[index]!;
}

function eventFilter(agent: AgentId, event: string): string {
  // Independent of the panel's own filter: Claude records by their body, Codex records by event.name.
  return AGENTS[agent].bodyIsQualifiedEvent
    ? `_msg:=${JSON.stringify(event)}`
    : `event.name:=${JSON.stringify(event)}`;
}

export async function expectedFigures(
  expectation: Expectation,
  ctx: ExpectationContext,
): Promise<ExpectationOutcome> {
  const { ledger } = ctx;
  switch (expectation.kind) {
    case 'none':
      return {
        status: 'unavailable',
        reason: expectation.reason,
        nonEmpty: expectation.nonEmpty,
        byDesign: true,
      };
    case 'rawEvents': {
      const prefix = `${expectation.agent}.`;
      const total = Object.entries(ledger.eventCounts)
        .filter(([event]) => event.startsWith(prefix))
        .reduce((sum, [, count]) => sum + count, 0);
      const limit = ctx.lineLimit ?? Number.POSITIVE_INFINITY;
      return {
        status: 'expected',
        figures: new Map([['', Math.min(total, limit)]]),
        note: `lines listed: the run's ${total} ${expectation.agent} events${total > limit ? `, capped at the panel's ${limit}` : ''}`,
      };
    }
    case 'metricTotal': {
      const figures = groupMetric(ledger, expectation.select, expectation.by);
      if (expectation.scale) for (const [k, v] of figures) figures.set(k, v * expectation.scale);
      return { status: 'expected', figures };
    }
    case 'metricRatio': {
      const num = sumOf(groupMetric(ledger, expectation.num, []));
      const den = sumOf(groupMetric(ledger, expectation.den, []));
      return {
        status: 'expected',
        figures: new Map(den === 0 ? [] : [['', (num / den) * expectation.scale]]),
      };
    }
    case 'distinctPositive': {
      const byUser = groupMetric(ledger, expectation.select, [expectation.distinct]);
      const count = [...byUser.values()].filter((value) => value > 0).length;
      return { status: 'expected', figures: new Map(count === 0 ? [] : [['', count]]) };
    }
    case 'histogramQuantile': {
      const series = selectSeries(ledger, expectation.select);
      if (series.length === 0) return { status: 'expected', figures: new Map() };
      const bounds = series[0]!.explicitBounds ?? [];
      const summed = new Array<number>(bounds.length + 1).fill(0);
      for (const s of series) {
        if (JSON.stringify(s.explicitBounds ?? []) !== JSON.stringify(bounds)) {
          return {
            status: 'unavailable',
            reason: `${expectation.select.metric} series have different bucket bounds`,
          };
        }
        (s.bucketCounts ?? []).forEach((count, i) => (summed[i] = (summed[i] ?? 0) + count));
      }
      const value = histogramQuantile(expectation.quantile, bounds, summed);
      return { status: 'expected', figures: new Map(Number.isNaN(value) ? [] : [['', value]]) };
    }
    case 'codexEstimatedCost': {
      const select: MetricSelector = { agent: 'codex', metric: 'codex.turn.token_usage' };
      const figures = groupMetric(ledger, select, expectation.by, (series) => {
        return (
          series.value * pricePerTokenType(attributeOf(series, 'model'), attributeOf(series, 'token_type'))
        );
      });
      return { status: 'expected', figures };
    }
    case 'eventCount': {
      const total = expectation.events.reduce((sum, event) => sum + (ledger.eventCounts[event] ?? 0), 0);
      return { status: 'expected', figures: new Map([['', total]]) };
    }
    case 'eventCountsByName': {
      const figures: Figures = new Map();
      for (const [event, count] of Object.entries(ledger.eventCounts)) {
        if (!event.startsWith(expectation.prefix)) continue;
        const key = event.startsWith(expectation.qualify) ? event.slice(expectation.qualify.length) : event;
        figures.set(key, count);
      }
      return { status: 'expected', figures };
    }
    case 'breakdown': {
      const figures = rollUpBreakdown(ledger, expectation.select, expectation.by);
      if (!figures) {
        return {
          status: 'unavailable',
          reason: `ledger has no breakdown giving ${describeBreakdown(expectation.select, expectation.by)}`,
        };
      }
      return { status: 'expected', figures };
    }
    case 'breakdownRatio': {
      const num = rollUpBreakdown(ledger, expectation.num, expectation.by);
      const den = rollUpBreakdown(ledger, expectation.den, expectation.by);
      if (!num || !den) {
        const missing = !num ? expectation.num : expectation.den;
        return {
          status: 'unavailable',
          reason: `ledger has no breakdown giving ${describeBreakdown(missing, expectation.by)}`,
        };
      }
      const figures: Figures = new Map();
      for (const [key, denominator] of den) {
        if (denominator > 0) figures.set(key, ((num.get(key) ?? 0) / denominator) * expectation.scale);
      }
      return { status: 'expected', figures };
    }
    case 'distinctSessions':
      return {
        status: 'expected',
        figures: new Map(
          ledger.sessions[expectation.agent] ? [['', ledger.sessions[expectation.agent]]] : [],
        ),
      };
    case 'rawQuantiles': {
      const client = new VictoriaLogsClient({ baseUrl: ctx.victoriaLogsUrl, timeoutMs: 30_000 });
      const query = `aimon.run_id:=${JSON.stringify(ledger.runId)} ${eventFilter(expectation.agent, expectation.event)} | fields ${expectation.field}`;
      const rows = await client.query(query, { startMs: ctx.fromMs, endMs: ctx.toMs });
      const expectedRows = ledger.eventCounts[expectation.event] ?? 0;
      if (rows.length !== expectedRows) {
        return {
          status: 'unavailable',
          reason: `VictoriaLogs holds ${rows.length} ${expectation.event} records of this run, the ledger ${expectedRows}: the quantile cannot be checked`,
        };
      }
      const values = rows
        .map((row) => Number(row[expectation.field]))
        .filter((value) => Number.isFinite(value));
      const figures: Figures = new Map();
      const estimated = values.length > LOGS_QUANTILE_EXACT_LIMIT;
      const ranges = new Map<string, readonly [number, number]>();
      if (values.length > 0) {
        for (const [name, phi] of Object.entries(expectation.quantiles)) {
          figures.set(name, logsQuantile(values, phi));
          if (estimated) {
            const low = logsQuantile(values, Math.max(0, phi - LOGS_QUANTILE_RANK_ERROR));
            const high = logsQuantile(values, Math.min(1, phi + LOGS_QUANTILE_RANK_ERROR));
            ranges.set(name, [low, high]);
          }
        }
      }
      return {
        status: 'expected',
        figures,
        ...(estimated ? { ranges } : {}),
        note: estimated
          ? `ledger has no distributions: ${values.length} raw ${expectation.field} values are more than VictoriaLogs' exact quantile() handles (${LOGS_QUANTILE_EXACT_LIMIT}), so a shown value within ±${LOGS_QUANTILE_RANK_ERROR * 100}% rank of the exact quantile passes`
          : `ledger has no distributions: expected = exact quantile of the run's ${values.length} raw ${expectation.field} values (record count matches the ledger)`,
      };
    }
  }
}
