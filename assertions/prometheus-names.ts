/**
 * How the collector's `prometheus` exporter names OTLP metrics and labels (prometheus/otlptranslator with
 * suffixes on). Verified on the dev stack (collector contrib 0.165.1) by sending each case:
 *   claude_code.token.usage [tokens]      → claude_code_token_usage_tokens_total
 *   claude_code.cost.usage [USD]          → claude_code_cost_usage_USD_total
 *   x.time [s] / x.seconds [s]            → x_time_seconds_total / x_seconds_total (unit already a name token)
 *   codex.turn.e2e_duration_ms [ms] hist  → codex_turn_e2e_duration_ms_milliseconds_{bucket,sum,count}
 *   x.requests_total [""]                 → x_requests_total ("total" not repeated)
 *   claude_code.active_time.total [s]     → claude_code_active_time_seconds_total; a.total.b → a_b_total
 *   units "1", "{token}" → no suffix; "By" → bytes
 */

const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
  '1': '',
};

const PER_UNIT_WORDS: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** The unit as a name suffix ("" when it adds none). Annotations in braces are dropped. */
export function unitSuffix(unit: string): string {
  const withoutAnnotations = unit.replace(/\{[^}]*\}/g, '').trim();
  if (withoutAnnotations === '') return '';
  const [main = '', per = ''] = withoutAnnotations.split('/', 2);
  const mainWord = UNIT_WORDS[main] ?? main;
  const perWord = per ? (PER_UNIT_WORDS[per] ?? per) : '';
  const words = [mainWord, perWord ? `per_${perWord}` : ''].filter(Boolean).join('_');
  return cleanToken(words);
}

function cleanToken(text: string): string {
  return text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .join('_');
}

export type MetricKind = 'sum' | 'histogram' | 'gauge';

/** Base name of the Prometheus series of an OTLP metric (histograms add _bucket/_sum/_count to it). */
export function prometheusMetricName(name: string, unit: string, kind: MetricKind, monotonic = true): string {
  const tokens = name.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
  const suffix = unitSuffix(unit);
  if (suffix && !containsSequence(tokens, suffix.split('_'))) tokens.push(...suffix.split('_'));
  let words = tokens;
  // Counters: every "total" token moves to the end, once (claude_code.active_time.total → …_seconds_total).
  if (kind === 'sum' && monotonic) words = [...tokens.filter((t) => t !== 'total'), 'total'];
  let result = words.join('_');
  if (/^[0-9]/.test(result)) result = `_${result}`;
  return result;
}

function containsSequence(tokens: readonly string[], words: readonly string[]): boolean {
  if (words.length === 1) return tokens.includes(words[0]!);
  return tokens.join('_').includes(words.join('_'));
}

/** Label name of an attribute key: invalid characters become "_", a leading digit gets "key_". */
export function prometheusLabelName(key: string): string {
  let label = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(label)) label = `key_${label}`;
  else if (/^_[^_]/.test(label)) label = `key${label}`;
  return label;
}

/** Label value as the exporter renders an attribute value. */
export function prometheusLabelValue(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

/** Labels Prometheus or the exporter add by themselves, ignored when matching a series' attribute set. */
export const INFRASTRUCTURE_LABELS: ReadonlySet<string> = new Set([
  '__name__',
  'job',
  'instance',
  'exported_job',
  'exported_instance',
  'otel_scope_name',
  'otel_scope_version',
  'otel_scope_schema_url',
  'le',
]);

/** The name without unit and _total suffixes (the exporter's add_metric_suffixes: false): claude_code_cost_usage. */
export function unsuffixedMetricName(name: string): string {
  const result = name
    .split(/[^a-zA-Z0-9:]+/)
    .filter(Boolean)
    .join('_');
  return /^[0-9]/.test(result) ? `_${result}` : result;
}
