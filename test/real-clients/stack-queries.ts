/** Small readers for VictoriaLogs and Prometheus used by the real-client tests, with polling to a deadline. */
import { victoriaLogsForceFlushUrl } from '../../core/victoria-logs-auth.js';

export type LogRow = Record<string, string>;

export async function forceFlush(victoriaLogsUrl: string): Promise<void> {
  await fetch(victoriaLogsForceFlushUrl(victoriaLogsUrl)).catch(() => undefined);
}

export async function queryLogs(victoriaLogsUrl: string, logsql: string, limit = 10_000): Promise<LogRow[]> {
  await forceFlush(victoriaLogsUrl);
  const url = `${victoriaLogsUrl}/select/logsql/query?${new URLSearchParams({ query: logsql, limit: String(limit) })}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`VictoriaLogs ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LogRow);
}

export interface PromSample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

export async function queryProm(prometheusUrl: string, expr: string): Promise<PromSample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? response.status} for ${expr}`);
  return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** Polls until `done(value)` or the deadline; returns the last value either way (the caller asserts on it). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 45_000,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}

/** { labelValue: value } of a `sum by (label)` query. */
export function byLabel(samples: readonly PromSample[], label: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const sample of samples) result[sample.labels[label] ?? ''] = sample.value;
  return result;
}

export function countBy(rows: readonly LogRow[], field: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const row of rows) {
    const key = row[field] ?? '';
    result[key] = (result[key] ?? 0) + 1;
  }
  return result;
}
