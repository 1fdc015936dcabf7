import { BackendError, httpJson } from './http-get.js';

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** One native histogram sample: its count, sum and buckets (non-cumulative; empty buckets are omitted). */
export interface PromHistogramSample {
  metric: Record<string, string>;
  count: number;
  sum: number;
  buckets: Array<{ lower: number; upper: number; count: number }>;
}

export interface PromTarget {
  scrapePool: string;
  scrapeUrl: string;
  health: string;
  lastScrapeMs: number;
  lastScrapeDurationMs: number;
  lastError: string;
  labels: Record<string, string>;
}

const BACKEND = 'Prometheus';

/** Prometheus HTTP API client with a deadline on every call; failures throw BackendError. */
export class PrometheusClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: { baseUrl: string; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Instant query (`/api/v1/query`), optionally evaluated at atMs. */
  async query(promql: string, atMs?: number): Promise<PromSample[]> {
    const form: Record<string, string> = { query: promql };
    if (atMs !== undefined) form.time = (atMs / 1000).toFixed(3);
    const data = await this.call('/api/v1/query', form);
    if (data.resultType === 'scalar') {
      const scalar = data.result as unknown as [number, string];
      return [{ metric: {}, value: Number(scalar[1]) }];
    }
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      metric: r.metric,
      value: Number(r.value[1]),
    }));
  }

  /** Instant query whose results are native histograms (a float result in the vector is skipped). */
  async queryHistograms(promql: string, atMs?: number): Promise<PromHistogramSample[]> {
    const form: Record<string, string> = { query: promql };
    if (atMs !== undefined) form.time = (atMs / 1000).toFixed(3);
    const data = await this.call('/api/v1/query', form);
    const rows = data.result as Array<{
      metric: Record<string, string>;
      histogram?: [number, { count: string; sum: string; buckets?: Array<[number, string, string, string]> }];
    }>;
    return rows.flatMap((r) =>
      r.histogram
        ? [
            {
              metric: r.metric,
              count: Number(r.histogram[1].count),
              sum: Number(r.histogram[1].sum),
              buckets: (r.histogram[1].buckets ?? []).map(([, lower, upper, count]) => ({
                lower: promFloat(lower),
                upper: promFloat(upper),
                count: Number(count),
              })),
            },
          ]
        : [],
    );
  }

  /** Range query (`/api/v1/query_range`). */
  async queryRange(
    promql: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<Array<{ metric: Record<string, string>; values: Array<[number, number]> }>> {
    const data = await this.call('/api/v1/query_range', {
      query: promql,
      start: (startMs / 1000).toFixed(3),
      end: (endMs / 1000).toFixed(3),
      step: `${stepMs / 1000}s`,
    });
    return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map(
      (r) => ({
        metric: r.metric,
        values: r.values.map(([t, v]): [number, number] => [t * 1000, Number(v)]),
      }),
    );
  }

  async targets(): Promise<PromTarget[]> {
    const url = `${this.baseUrl}/api/v1/targets?state=active`;
    const body = (await httpJson(BACKEND, url, { timeoutMs: this.timeoutMs })) as {
      data?: {
        activeTargets?: Array<{
          scrapePool: string;
          scrapeUrl: string;
          health: string;
          lastScrape: string;
          lastScrapeDuration?: number;
          lastError: string;
          labels: Record<string, string>;
        }>;
      };
    };
    return (body.data?.activeTargets ?? []).map((t) => ({
      scrapePool: t.scrapePool,
      scrapeUrl: t.scrapeUrl,
      health: t.health,
      lastScrapeMs: Date.parse(t.lastScrape),
      lastScrapeDurationMs: (t.lastScrapeDuration ?? 0) * 1000,
      lastError: t.lastError,
      labels: t.labels,
    }));
  }

  private async call(
    path: string,
    form: Record<string, string>,
  ): Promise<{ resultType: string; result: unknown[] }> {
    const url = `${this.baseUrl}${path}`;
    const body = (await httpJson(BACKEND, url, { timeoutMs: this.timeoutMs, form })) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: unknown[] };
    };
    if (body.status !== 'success' || !body.data) {
      throw new BackendError(BACKEND, `query failed at ${url}: ${body.error ?? 'no data'}`, url);
    }
    return body.data;
  }
}

/** A float as Prometheus' JSON writes it ("+Inf", "-Inf" and "NaN" included). */
function promFloat(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}
