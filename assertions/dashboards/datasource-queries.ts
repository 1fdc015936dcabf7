/**
 * Sends one panel target to its backend the way the Grafana datasource would, after interpolation:
 * Prometheus `/api/v1/query` (instant, time = range end) or `/api/v1/query_range` (aligned start/end, step = the
 * panel interval); VictoriaLogs plugin "stats" → `/select/logsql/stats_query` (with `_time:[from, to]` prepended,
 * time = end), "statsRange" → `/select/logsql/stats_query_range` (start, end, step) and "instant" (raw log lines)
 * → `/select/logsql/query` (start, end, limit = the target's maxLines, default 1000). A datasource named through a
 * datasource variable (`uid: "${ds_prometheus}"`) is resolved to the plugin the variable picks.
 */
import { request } from 'undici';
import type { QueryEndpoints } from '../../core/endpoints.js';
import { backendAccess } from '../backends/backend-access.js';
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
import { resolveDatasourceType } from './datasource-ref.js';
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
/** The VictoriaLogs plugin's line limit for raw log queries when neither target nor datasource sets one. */
export const DEFAULT_MAX_LINES = 1000;

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
  maxLines?: number;
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
  /** Raw log queries: the log lines returned, each with all its fields. */
  rows?: Array<Record<string, string>>;
}

function parseValue(text: string): number | null {
  if (text === '' || text === undefined || text === null) return null;
  const value = Number(text);
  return Number.isNaN(value) && text !== 'NaN' ? null : value;
}

/** A backend request with the headers, auth and TLS registered for its base URL (a stack given by flags). */
async function send(url: string, params: Record<string, string>, method: 'GET' | 'POST'): Promise<string> {
  const access = backendAccess(url);
  const form = new URLSearchParams(params).toString();
  const response = await request(method === 'GET' ? `${url}?${form}` : url, {
    method,
    headers: {
      ...access?.headers,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { body: form } : {}),
    signal: AbortSignal.timeout(30_000),
    ...(access?.dispatcher ? { dispatcher: access.dispatcher } : {}),
  });
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode >= 300)
    throw new Error(`${new URL(url).pathname} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

async function postFormText(url: string, params: Record<string, string>): Promise<string> {
  return send(url, params, 'POST');
}

function jsonLines(text: string, path: string): Array<Record<string, string>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, string>;
      } catch {
        throw new Error(`${path} returned a line that is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

async function postForm(url: string, params: Record<string, string>): Promise<unknown> {
  const text = await send(url, params, 'POST');
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
  endpoints: QueryEndpoints,
  datasourceVariables: ReadonlyMap<string, string> = new Map(),
): Promise<ExecutedQuery> {
  const rangeMs = range.toMs - range.fromMs;
  const type = resolveDatasourceType(target.datasource ?? panel.datasource, datasourceVariables);
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
    if (target.queryType === undefined || target.queryType === 'instant') {
      const params = {
        query: expr,
        limit: String(target.maxLines ?? DEFAULT_MAX_LINES),
        start: fromS,
        end: toS,
      };
      const text = await postFormText(`${endpoints.victoriaLogs}/select/logsql/query`, params);
      return {
        request: describe('/select/logsql/query', params),
        series: [],
        rows: jsonLines(text, '/select/logsql/query'),
      };
    }
    throw new Error(`VictoriaLogs query type "${target.queryType}" is not one the plugin sends`);
  }
  throw new Error(`unsupported datasource type ${type ?? '(none)'}`);
}

export interface VariableQueryJson {
  name: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  query?: unknown;
}

export interface ExecutedVariableQuery {
  request: string;
  /** The options the variable offers (empty values dropped, as Grafana and the plugin do). */
  values: string[];
}

/**
 * A query variable's options, fetched as the datasource would: Prometheus `label_values(selector, label)` →
 * `/api/v1/label/<label>/values?match[]=<selector>` over the range; the VictoriaLogs plugin's "fieldValue" →
 * `/select/logsql/field_values` (query, field, limit; start/end in ms, as its language provider sends them).
 */
export async function executeVariableQuery(
  variable: VariableQueryJson,
  variables: ReadonlyMap<string, VariableValue>,
  range: QueryRange,
  endpoints: QueryEndpoints,
  datasourceVariables: ReadonlyMap<string, string> = new Map(),
): Promise<ExecutedVariableQuery> {
  const type = resolveDatasourceType(variable.datasource, datasourceVariables);
  const query = (variable.query ?? {}) as { query?: string; type?: string; field?: string; limit?: number };
  if (type === 'prometheus') {
    const match = /^\s*label_values\((.*),\s*([a-zA-Z_]\w*)\s*\)\s*$/s.exec(query.query ?? '');
    if (!match)
      throw new Error(`variable query ${JSON.stringify(query.query)} is not label_values(selector, label)`);
    const selector = interpolatePrometheus(match[1]!, variables);
    const leftover = leftoverVariables(selector);
    if (leftover.length > 0)
      throw new Error(`uninterpolated variable(s) ${leftover.join(', ')} in: ${selector}`);
    const params = {
      'match[]': selector,
      start: String(Math.floor(range.fromMs / 1000)),
      end: String(Math.floor(range.toMs / 1000)),
    };
    const path = `/api/v1/label/${match[2]}/values`;
    // This endpoint answers GET only.
    const text = await send(`${endpoints.prometheus}${path}`, params, 'GET');
    const body = JSON.parse(text) as {
      status?: string;
      data?: string[];
      error?: string;
    };
    if (body.status !== 'success') throw new Error(`${path} failed: ${body.error ?? JSON.stringify(body)}`);
    return { request: describe(path, params), values: (body.data ?? []).filter((v) => v !== '') };
  }
  if (type === 'victoriametrics-logs-datasource') {
    if (query.type !== 'fieldValue' || !query.field)
      throw new Error(
        `VictoriaLogs variable query type ${String(query.type)} is not "fieldValue" with a field`,
      );
    const filter = interpolateLogsQL(query.query || '*', variables);
    const leftover = leftoverVariables(filter);
    if (leftover.length > 0)
      throw new Error(`uninterpolated variable(s) ${leftover.join(', ')} in: ${filter}`);
    const params: Record<string, string> = {
      query: filter,
      start: String(range.fromMs),
      end: String(range.toMs),
      field: query.field,
      ...(query.limit && query.limit > 0 ? { limit: String(query.limit) } : {}),
    };
    const path = '/select/logsql/field_values';
    const body = (await postForm(`${endpoints.victoriaLogs}${path}`, params)) as {
      values?: Array<{ value: string }>;
    };
    return {
      request: describe(path, params),
      values: (body.values ?? []).map((v) => v.value).filter((v) => v !== ''),
    };
  }
  throw new Error(`unsupported datasource type ${type ?? '(none)'} for variable ${variable.name}`);
}
