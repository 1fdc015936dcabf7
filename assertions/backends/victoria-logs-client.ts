import { victoriaLogsForceFlushUrl } from '../../core/victoria-logs-auth.js';
import { httpJson, httpText, parseBackendJson } from './http-get.js';

export interface VictoriaLogsClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9428 */
  baseUrl: string;
  timeoutMs?: number;
  /** A cluster's storage nodes: what holds unflushed rows, so what forceFlush flushes (default: baseUrl). */
  storageNodes?: string[];
}

export interface TimeRange {
  /** ms since epoch; omitted = unbounded. */
  startMs?: number;
  endMs?: number;
}

export interface HitsSeries {
  fields: Record<string, string>;
  /** ms since epoch, one per step bucket. */
  timestampsMs: number[];
  values: number[];
  total: number;
}

export interface StatsVectorSample {
  metric: Record<string, string>;
  value: number;
}

const BACKEND = 'VictoriaLogs';

/** LogsQL client for VictoriaLogs' HTTP API. Every call has a deadline; failures throw BackendError. */
export class VictoriaLogsClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly storageNodes: string[];

  constructor(options: VictoriaLogsClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.storageNodes = options.storageNodes ?? [this.baseUrl];
  }

  /** Rows of `/select/logsql/query` (JSON lines) as field → string maps. */
  async query(logsql: string, range: TimeRange = {}, limit?: number): Promise<Array<Record<string, string>>> {
    const form = { query: logsql, ...rangeParams(range), ...(limit ? { limit: String(limit) } : {}) };
    const text = await httpText(BACKEND, `${this.baseUrl}/select/logsql/query`, {
      timeoutMs: this.timeoutMs,
      form,
    });
    const rows: Array<Record<string, string>> = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      rows.push(
        parseBackendJson(BACKEND, line, `${this.baseUrl}/select/logsql/query`) as Record<string, string>,
      );
    }
    return rows;
  }

  /** `/select/logsql/stats_query`: an instant Prometheus-style vector (one sample per group and stats result). */
  async statsQuery(logsql: string, atMs?: number): Promise<StatsVectorSample[]> {
    const url = `${this.baseUrl}/select/logsql/stats_query`;
    const form: Record<string, string> = { query: logsql };
    if (atMs !== undefined) form.time = String(atMs / 1000);
    const body = (await httpJson(BACKEND, url, { timeoutMs: this.timeoutMs, form })) as {
      data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** `/select/logsql/hits`: matching rows per time bucket. */
  async hits(
    logsql: string,
    range: Required<TimeRange>,
    stepMs: number,
    fields: string[] = [],
  ): Promise<HitsSeries[]> {
    const url = `${this.baseUrl}/select/logsql/hits`;
    const params = new URLSearchParams({ query: logsql, ...rangeParams(range), step: `${stepMs}ms` });
    for (const field of fields) params.append('field', field);
    const body = (await httpJson(BACKEND, url, {
      timeoutMs: this.timeoutMs,
      form: Object.fromEntries(params),
    })) as {
      hits?: Array<{ fields: Record<string, string>; timestamps: string[]; values: number[]; total: number }>;
    };
    return (body.hits ?? []).map((h) => ({
      fields: h.fields,
      timestampsMs: h.timestamps.map((t) => Date.parse(t)),
      values: h.values,
      total: h.total,
    }));
  }

  /** Total rows matching a filter (one number). */
  async count(filter: string, range: TimeRange = {}): Promise<number> {
    const rows = await this.query(`${filter} | stats count() as aimon_n`, range);
    return Number(rows[0]?.aimon_n ?? 0);
  }

  /** Makes recently ingested rows searchable at once (meant for tests). Uses the stack's flush key when known. */
  async forceFlush(): Promise<void> {
    // A cluster's select node flushes only itself (it stores nothing): every storage node is asked.
    await Promise.all(
      this.storageNodes.map((url) =>
        httpText(BACKEND, victoriaLogsForceFlushUrl(url), { timeoutMs: this.timeoutMs }),
      ),
    );
  }

  /** VictoriaLogs' own counters (vl_*) from /metrics. */
  async selfMetricsText(): Promise<string> {
    return httpText(BACKEND, `${this.baseUrl}/metrics`, { timeoutMs: this.timeoutMs });
  }

  async health(): Promise<boolean> {
    try {
      return (
        (
          await httpText(BACKEND, `${this.baseUrl}/health`, { timeoutMs: Math.min(this.timeoutMs, 3000) })
        ).trim() === 'OK'
      );
    } catch {
      return false;
    }
  }
}

function rangeParams(range: TimeRange): Record<string, string> {
  const params: Record<string, string> = {};
  // VictoriaLogs accepts unix seconds with a fractional part.
  if (range.startMs !== undefined) params.start = (range.startMs / 1000).toFixed(3);
  if (range.endMs !== undefined) params.end = (range.endMs / 1000).toFixed(3);
  return params;
}
