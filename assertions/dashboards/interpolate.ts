/**
 * Template variable interpolation as Grafana's templateSrv does it with each datasource's formatter:
 * Prometheus (`interpolateQueryExpr`: regex-escape values of multi/All variables, the custom All value verbatim) and
 * the VictoriaLogs plugin (values wrapped in markers, expanded by operator context; the custom All value verbatim).
 */

export interface VariableValue {
  name: string;
  /** The selected value, or undefined when "All" is selected. */
  value?: string;
  includeAll: boolean;
  multi: boolean;
  /** Custom "All" value (verbatim into the query). */
  allValue?: string;
  /** Every option, used for "All" without a custom all value. */
  options?: string[];
}

const VARIABLE_PATTERN = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?::(\w+))?\}/g;

function prometheusRegularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

function prometheusSpecialRegexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*+?.()|\\{}[\]]/g, '\\\\$&');
}

function replaceVariables(
  expr: string,
  variables: ReadonlyMap<string, VariableValue>,
  format: (variable: VariableValue, values: string[], textBefore: string) => string,
): string {
  return expr.replace(
    VARIABLE_PATTERN,
    (match, a?: string, b?: string, _f1?: string, c?: string, _f2?: string, offset?: number) => {
      const name = a ?? b ?? c ?? '';
      const variable = variables.get(name);
      if (!variable) return match;
      if (variable.value === undefined) {
        if (variable.allValue !== undefined) return variable.allValue;
        return format(variable, variable.options ?? [], expr.slice(0, offset ?? 0));
      }
      return format(variable, [variable.value], expr.slice(0, offset ?? 0));
    },
  );
}

export function interpolatePrometheus(expr: string, variables: ReadonlyMap<string, VariableValue>): string {
  return replaceVariables(expr, variables, (variable, values) => {
    if (!variable.multi && !variable.includeAll) return prometheusRegularEscape(values[0] ?? '');
    const escaped = values.map(prometheusSpecialRegexEscape);
    return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
  });
}

/** True when the text before a variable ends inside a regex filter (`field:~"…` or `field:~…`). */
function inRegexFilter(textBefore: string): boolean {
  return /:~\s*"?[^"\s|]*$/.test(textBefore);
}

export function interpolateLogsQL(expr: string, variables: ReadonlyMap<string, VariableValue>): string {
  return replaceVariables(expr, variables, (_variable, values, textBefore) => {
    if (inRegexFilter(textBefore)) return `(${values.join('|')})`;
    if (/in\(\s*$/.test(textBefore.replace(/\s+/g, ' ')))
      return values.map((v) => JSON.stringify(v)).join(',');
    return values.join(' OR ');
  });
}

/** Built-in range variables the Prometheus backend replaces ($__range and friends, $__interval, $__rate_interval). */
export function replacePrometheusBuiltins(
  expr: string,
  range: { fromMs: number; toMs: number },
  interval: { ms: number; text: string },
  rateInterval: { ms: number; text: string },
): string {
  const rangeMs = range.toMs - range.fromMs;
  const rangeS = Math.round(rangeMs / 1000);
  return expr
    .replaceAll('$__interval_ms', String(interval.ms))
    .replaceAll('$__rate_interval_ms', String(rateInterval.ms))
    .replaceAll('$__rate_interval', rateInterval.text)
    .replaceAll('${__rate_interval}', rateInterval.text)
    .replaceAll('$__interval', interval.text)
    .replaceAll('${__interval}', interval.text)
    .replaceAll('$__range_ms', String(rangeMs))
    .replaceAll('$__range_s', String(rangeS))
    .replaceAll('$__range', `${rangeS}s`)
    .replaceAll('${__range}', `${rangeS}s`)
    .replaceAll('$__from', String(range.fromMs))
    .replaceAll('$__to', String(range.toMs));
}

/** The VictoriaLogs plugin's ReplaceTemplateVariable ($__range → `[from, to]` in unix seconds). */
export function replaceLogsBuiltins(
  expr: string,
  range: { fromMs: number; toMs: number },
  intervalMs: number,
  intervalText: string,
): string {
  const fromS = Math.floor(range.fromMs / 1000);
  const toS = Math.floor(range.toMs / 1000);
  return expr
    .replaceAll('$__range', `[${fromS}, ${toS}]`)
    .replaceAll('$__interval_ms', String(intervalMs))
    .replaceAll('$__interval', intervalText)
    .replaceAll('$__from', String(range.fromMs))
    .replaceAll('$__to', String(range.toMs));
}

/** The plugin prepends `_time:[from, to]` to stats queries whose filter part has no _time filter. */
export function addTimeFilter(expr: string, range: { fromMs: number; toMs: number }): string {
  if (expr === '') return expr;
  const filterPart = expr.split('|')[0] ?? '';
  if (filterPart.includes('_time:')) return expr;
  return `_time:[${Math.floor(range.fromMs / 1000)}, ${Math.floor(range.toMs / 1000)}] ${expr.trim()}`;
}

/** Any `$name` / `${name}` left after interpolation (an undefined variable or a typo). */
export function leftoverVariables(expr: string): string[] {
  return [...expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]!).filter((name) => !/^\d/.test(name));
}
