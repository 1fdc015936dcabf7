/**
 * Sends one panel target to its backend the way the Grafana datasource would, after interpolation:
 * Prometheus `/api/v1/query` (instant, time = range end) or `/api/v1/query_range` (aligned start/end, step = the
 * panel interval); VictoriaLogs plugin "stats" → `/select/logsql/stats_query` (with `_time:[from, to]` prepended,
 * time = end) and "statsRange" → `/select/logsql/stats_query_range` (start, end, step).
 */
import type { StackEndpoints } from '../../core/endpoints.js';
import {
  alignDownMs,
  formatIntervalMs,
  frontendIntervalMs,
  goDurationString,
  parseGrafanaDurationMs,
  prometheusStepMs,
  rateIntervalMs,
  victoriaLogsStepMs,
} from './grafana-time.js';
import {
  addTimeFilter,
  interpolateLogsQL,
  interpolatePrometheus,
  leftoverVariables,
  replaceLogsBuiltins,
  replacePrometheusBuiltins,
  type VariableValue,
} from './interpolate.js';

/** Scrape interval configured as the Prometheus datasource's timeInterval (provisioning). */
export const PROMETHEUS_SCRAPE_INTERVAL_MS = 5000;
const DEFAULT_MAX_DATA_POINTS = 1500;

export interface Series {
  labels: Record<string, string>;
  /** [unix ms, value]; null for values the backend left empty. */
  points: Array<[number, number | null]>;
}

export interface TargetJson {
  refId: string;
  datasource?: { type?: string; uid?: string };
  expr?: string;
  instant?: boolean;
  range?: boolean;
  queryType?: string;
  hide?: boolean;
}

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: TargetJson[];
  interval?: string;
  maxDataPoints?: number;
  options?: Record<string, unknown>;
  transformations?: Array<{ id: string }>;
  panels?: PanelJson[];
}

export interface QueryRange {
  fromMs: number;
  toMs: number;
}

export interface ExecutedQuery {
  /** Human-readable request (method, path, parameters) for reports. */
  request: string;
  series: Series[];
}

function parseValue(text: string): number | null {
  if (text === '' || text === undefined || text === null) return null;
  const value = Number(text);
  return Number.isNaN(value) && text !== 'NaN' ? null : value;
}

async function postForm(url: string, params: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${new URL(url).pathname} returned non-JSON: ${text.slice(0, 200)}`);
  }
}

interface PromLikeResponse {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: Array<{
      metric?: Record<string, string>;
      value?: [number, string];
      values?: Array<[number, string]>;
    }>;
  };
}

function toSeries(body: unknown): Series[] {
  const response = body as PromLikeResponse;
  if (response.status !== 'success' || !response.data)
    throw new Error(`query failed: ${response.error ?? JSON.stringify(body).slice(0, 200)}`);
  const { resultType, result = [] } = response.data;
  if (resultType === 'scalar') {
    const value = (response.data as unknown as { result: [number, string] }).result;
    return [{ labels: {}, points: [[value[0] * 1000, parseValue(value[1])]] }];
  }
  return result.map((entry) => ({
    labels: entry.metric ?? {},
    points:
      resultType === 'matrix'
        ? (entry.values ?? []).map(([t, v]) => [t * 1000, parseValue(v)] as [number, number | null])
        : entry.value
          ? [[entry.value[0] * 1000, parseValue(entry.value[1])]]
          : [],
  }));
}

function describe(path: string, params: Record<string, string>): string {
  return `${path}?${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')}`;
}

function panelIntervalMs(
  panel: PanelJson,
  rangeMs: number,
  lowLimitMs: number,
): { intervalMs: number; maxDataPoints: number } {
  const maxDataPoints = panel.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS;
  const low = panel.interval ? parseGrafanaDurationMs(panel.interval) : lowLimitMs;
  return { intervalMs: frontendIntervalMs(rangeMs, maxDataPoints, low), maxDataPoints };
}

export async function executeTarget(
  panel: PanelJson,
  target: TargetJson,
  variables: ReadonlyMap<string, VariableValue>,
  range: QueryRange,
  endpoints: StackEndpoints,
): Promise<ExecutedQuery> {
  const rangeMs = range.toMs - range.fromMs;
  const type = target.datasource?.type ?? panel.datasource?.type;
  const exprTemplate = target.expr ?? '';

  if (type === 'prometheus') {
    const { intervalMs, maxDataPoints } = panelIntervalMs(panel, rangeMs, PROMETHEUS_SCRAPE_INTERVAL_MS);
    const stepMs = prometheusStepMs(rangeMs, maxDataPoints, intervalMs);
    const rateMs = rateIntervalMs(stepMs, PROMETHEUS_SCRAPE_INTERVAL_MS);
    let expr = interpolatePrometheus(exprTemplate, variables);
    expr = replacePrometheusBuiltins(
      expr,
      range,
      { ms: stepMs, text: formatIntervalMs(stepMs) },
      { ms: rateMs, text: formatIntervalMs(rateMs) },
    );
    const leftover = leftoverVariables(expr);
    if (leftover.length > 0) throw new Error(`uninterpolated variable(s) ${leftover.join(', ')} in: ${expr}`);
    const instant = target.instant === true && target.range !== true;
    if (instant) {
      const params = { query: expr, time: String(range.toMs / 1000) };
      const body = await postForm(`${endpoints.prometheus}/api/v1/query`, params);
      return { request: describe('/api/v1/query', params), series: toSeries(body) };
    }
    const params = {
      query: expr,
      start: String(alignDownMs(range.fromMs, stepMs) / 1000),
      end: String(alignDownMs(range.toMs, stepMs) / 1000),
      step: String(stepMs / 1000),
    };
    const body = await postForm(`${endpoints.prometheus}/api/v1/query_range`, params);
    return { request: describe('/api/v1/query_range', params), series: toSeries(body) };
  }

  if (type === 'victoriametrics-logs-datasource') {
    const { intervalMs, maxDataPoints } = panelIntervalMs(panel, rangeMs, 1);
    let expr = interpolateLogsQL(exprTemplate, variables);
    expr = replaceLogsBuiltins(expr, range, intervalMs, formatIntervalMs(intervalMs));
    const leftover = leftoverVariables(expr);
    if (leftover.length > 0) throw new Error(`uninterpolated variable(s) ${leftover.join(', ')} in: ${expr}`);
    const fromS = String(Math.floor(range.fromMs / 1000));
    const toS = String(Math.floor(range.toMs / 1000));
    if (target.queryType === 'stats') {
      const params = { query: addTimeFilter(expr, range), time: toS };
      const body = await postForm(`${endpoints.victoriaLogs}/select/logsql/stats_query`, params);
      return { request: describe('/select/logsql/stats_query', params), series: toSeries(body) };
    }
    if (target.queryType === 'statsRange') {
      const stepMs = victoriaLogsStepMs(rangeMs, maxDataPoints, intervalMs);
      const params = { query: expr, start: fromS, end: toS, step: goDurationString(stepMs) };
      const body = await postForm(`${endpoints.victoriaLogs}/select/logsql/stats_query_range`, params);
      return { request: describe('/select/logsql/stats_query_range', params), series: toSeries(body) };
    }
    throw new Error(
      `VictoriaLogs query type "${target.queryType ?? 'instant'}" returns log lines, not figures`,
    );
  }
  throw new Error(`unsupported datasource type ${type ?? '(none)'}`);
}
