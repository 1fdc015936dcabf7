/**
 * The environment that points Claude Code's telemetry at the stack (see telemetry.md and Anthropic's
 * monitoring docs). Signal-specific OTEL_EXPORTER_OTLP_* variables are removed so they cannot win over ours.
 */
import type { OtlpTarget } from './otlp-target.js';
import {
  formatResourceAttributes,
  mergeResourceAttributes,
  parseResourceAttributes,
  type ResourceAttributes,
} from './resource-attributes.js';

export interface TelemetryEnvOptions {
  readonly target: OtlpTarget;
  readonly logPrompts: boolean;
  readonly resourceAttributes: ResourceAttributes;
  /** Export interval for both signals; undefined keeps the client's defaults (or the user's variables). */
  readonly exportIntervalMs?: number;
}

export interface EnvChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
}

const SIGNAL_SPECIFIC = [
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL',
  'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
];

export function claudeTelemetryEnv(options: TelemetryEnvOptions, current: NodeJS.ProcessEnv): EnvChanges {
  const set: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: options.target.protocol === 'grpc' ? 'grpc' : 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: options.target.endpoint,
  };
  const unset = SIGNAL_SPECIFIC.filter((name) => current[name] !== undefined);
  if (options.logPrompts) set.OTEL_LOG_USER_PROMPTS = '1';
  else if (current.OTEL_LOG_USER_PROMPTS !== undefined) unset.push('OTEL_LOG_USER_PROMPTS');
  if (options.exportIntervalMs !== undefined) {
    set.OTEL_METRIC_EXPORT_INTERVAL = String(options.exportIntervalMs);
    set.OTEL_LOGS_EXPORT_INTERVAL = String(options.exportIntervalMs);
  }
  if (options.resourceAttributes.length > 0) {
    const merged = mergeResourceAttributes(
      parseResourceAttributes(current.OTEL_RESOURCE_ATTRIBUTES),
      options.resourceAttributes,
    );
    set.OTEL_RESOURCE_ATTRIBUTES = formatResourceAttributes(merged);
  }
  return { set, unset };
}

export function applyEnvChanges(base: NodeJS.ProcessEnv, changes: EnvChanges): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...changes.set };
  for (const name of changes.unset) delete env[name];
  return env;
}

/** Shell-ready lines for --print-env. */
export function formatEnvChanges(changes: EnvChanges): string {
  const lines = Object.entries(changes.set).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  for (const name of changes.unset) lines.push(`unset ${name}`);
  return lines.join('\n');
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+,=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
