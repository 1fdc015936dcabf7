/**
 * PromQL and LogsQL building blocks shared by the dashboard specs. The rules they encode:
 *
 * - Prometheus holds CUMULATIVE totals (the collector's deltatocumulative turns the clients' deltas into running
 *   sums). A total over the dashboard range is "value at the end minus value at the start", where a series born
 *   inside the range (every Claude Code session is its own series; session.count is a one-shot series of one
 *   sample) starts from zero. `increase()` gets both wrong: it only sees differences between samples inside the
 *   window (a one-shot series reads 0) and extrapolates to the window edges (fractional or inflated totals).
 * - Time ranges come from Grafana ($__range, $__interval), never from the query text.
 * - LogsQL matches event names exactly (`:=`): a phrase filter `event.name:"api_request"` also matches
 *   "codex.api_request". Claude records carry `event.name` without prefix plus `service.name`; Codex records have no
 *   body and a prefixed `event.name`.
 * - Variables: single-value with an "All" whose custom value is `.*`, so one variable works in PromQL label regexes
 *   (`label=~"$v"`) and in LogsQL anchored regex filters (`field:~"^${v}$"`, which also matches a missing field).
 */

/** Exact increase of a cumulative series over the dashboard range, per series. */
export function rangeIncrease(selector: string): string {
  return `((last_over_time(${selector}[$__range]) - ${selector} offset $__range) or last_over_time(${selector}[$__range]))`;
}

/** Exact increase per graph step ($__interval = the query step), per series: the steps add up to the range total. */
export function stepIncrease(selector: string): string {
  return `((${selector} - ${selector} offset $__interval) or ${selector})`;
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
