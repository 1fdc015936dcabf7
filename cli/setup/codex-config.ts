/**
 * Sets the `[otel]` keys `aimon codex` passes as `-c` overrides in a Codex config.toml: exporter,
 * metrics_exporter, environment and log_user_prompt. Edits go through toml-patch, which keeps the user's
 * comments, key order, formatting and other tables; the rest of [otel] (e.g. trace_exporter) is kept.
 */
import { parse, patch } from '@decimalturn/toml-patch';
import { UserError } from '../../core/errors.js';
import type { OtlpTarget } from '../launch/otlp-target.js';

/** Codex's own default for [otel] environment (its docs: "defaults to dev"). */
export const CODEX_DEFAULT_ENVIRONMENT = 'dev';

export interface CodexOtelOptions {
  readonly target: OtlpTarget;
  readonly logPrompts: boolean;
  /** --otel-env; without it the file's environment is kept, else Codex's default is written out. */
  readonly environment?: string;
}

type TomlTable = Record<string, unknown>;

export function parseCodexConfig(text: string, file: string): TomlTable {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid TOML (${tomlErrorSummary(error)}); fix or move it and retry`);
  }
  const table = parsed as TomlTable;
  if (table.otel !== undefined && !isTable(table.otel)) {
    throw new UserError(`${file}: otel must be a table (got ${typeof table.otel})`);
  }
  return table;
}

/** The [otel] values aimon wants, given what the file already has there. */
export function codexOtelValues(options: CodexOtelOptions, currentOtel: TomlTable = {}): TomlTable {
  const { target } = options;
  const exporter = (signal: 'logs' | 'metrics'): TomlTable =>
    target.protocol === 'grpc'
      ? { 'otlp-grpc': { endpoint: target.endpoint } }
      : { 'otlp-http': { endpoint: `${target.endpoint}/v1/${signal}`, protocol: 'binary' } };
  const currentEnvironment =
    typeof currentOtel.environment === 'string' ? currentOtel.environment : undefined;
  return {
    environment: options.environment ?? currentEnvironment ?? CODEX_DEFAULT_ENVIRONMENT,
    exporter: exporter('logs'),
    metrics_exporter: exporter('metrics'),
    log_user_prompt: options.logPrompts,
  };
}

/** The whole file after the merge; identical text when nothing would change. */
export function planCodexConfig(
  existing: string | undefined,
  file: string,
  options: CodexOtelOptions,
): string {
  const source = existing ?? '';
  const config = parseCodexConfig(source, file);
  const currentOtel = (config.otel as TomlTable | undefined) ?? {};
  const wanted = codexOtelValues(options, currentOtel);
  if (Object.entries(wanted).every(([key, value]) => sameValue(currentOtel[key], value))) return source;
  // Keys aimon sets are replaced whole: an old exporter's headers/tls belong to a different endpoint.
  const next: TomlTable = { ...config, otel: { ...currentOtel, ...wanted } };
  const text = patch(source, next);
  // A new file ends with a newline like any text file (patch leaves an empty document's last line open).
  return source.trim() === '' && !text.endsWith('\n') ? `${text}\n` : text;
}

/** The [otel] block to paste (--print). */
export function formatOtelBlock(options: CodexOtelOptions, currentOtel: TomlTable = {}): string {
  return patch('', { otel: codexOtelValues(options, currentOtel) }).trimEnd();
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** "line 2: Value already defined for a" from toml-patch's multi-line message (position line, snippet, caret, reason). */
function tomlErrorSummary(error: unknown): string {
  const lines = ((error as Error).message ?? '').split('\n');
  const reason = lines[lines.length - 1]?.trim() ?? 'parse error';
  const line = (error as { line?: number }).line;
  return line === undefined ? reason : `line ${line}: ${reason}`;
}
