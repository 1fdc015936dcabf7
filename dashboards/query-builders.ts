/**
 * PromQL and LogsQL building blocks shared by the dashboard specs. The rules they encode:
 *
 * - Prometheus holds CUMULATIVE totals (the collector's deltatocumulative turns the clients' deltas into running
 *   sums) with a zero sample at each series' start time (created-timestamp-zero-ingestion). A total over the
 *   dashboard range is `increase(x[$__range] anchored)`: the `anchored` modifier takes the last sample before the
 *   range (or the series' zero sample) and the last one in it, with no extrapolation, and counts counter resets
 *   (a restarted collector starts its totals again), so it is exact at any instant. Plain increase() is exact only
 *   at a scrape instant (it extrapolates to the window's end); a raw last-minus-first reads low after a reset.
 * - Time ranges come from Grafana ($__range, $__interval), never from the query text.
 * - LogsQL matches event names exactly (`:=`): a phrase filter `event.name:"api_request"` also matches
 *   "codex.api_request". Claude records carry `event.name` without prefix plus `service.name`; Codex records have no
 *   body and a prefixed `event.name`.
 * - Variables: single-value with an "All" whose custom value is `.*`, so one variable works in PromQL label regexes
 *   (`label=~"$v"`) and in LogsQL anchored regex filters (`field:~"^${v}$"`, which also matches a missing field).
 */

/** Exact increase of a cumulative series over the dashboard range, per series (resets counted). */
export function rangeIncrease(selector: string): string {
  return `increase(${selector}[$__range] anchored)`;
}

/**
 * Exact increase per graph step ($__interval = the query step), per series: each step starts where the previous one
 * ended, so the steps add up to the range total.
 */
export function stepIncrease(selector: string): string {
  return `increase(${selector}[$__interval] anchored)`;
}

export function selector(metric: string, matchers: readonly string[]): string {
  return `${metric}{${matchers.join(', ')}}`;
}

/** `label=~"$var"` matchers for the given label → variable pairs. */
export function promMatchers(pairs: Record<string, string>): string[] {
  return Object.entries(pairs).map(([label, variable]) => `${label}=~"$${variable}"`);
}

/** `field:~"^${var}$"` filters for the given field → variable pairs. */
export function logsMatchers(pairs: Record<string, string>): string[] {
  return Object.entries(pairs).map(([field, variable]) => `${field}:~"^\${${variable}}$"`);
}

export function logsExact(field: string, value: string): string {
  return `${field}:=${JSON.stringify(value)}`;
}

/** Line limit of the raw event panels (the VictoriaLogs plugin's own default). */
export const RAW_EVENT_LINES = 1000;
