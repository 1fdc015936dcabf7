/**
 * `codex -c key=value` overrides that point Codex's [otel] exporters at the stack. Codex 0.171 parses each
 * value as TOML and layers it over ~/.codex/config.toml (verified), so the user's file is never touched.
 */
import type { OtlpTarget } from './otlp-target.js';

export interface CodexOverrideOptions {
  readonly target: OtlpTarget;
  readonly logPrompts: boolean;
  /** [otel] environment: becomes the `env` resource attribute (a VictoriaLogs stream field). */
  readonly environment?: string;
}

export function codexTelemetryOverrides(options: CodexOverrideOptions): string[] {
  const { target } = options;
  const exporter = (signal: 'logs' | 'metrics'): string =>
    target.protocol === 'grpc'
      ? `{otlp-grpc={endpoint=${tomlString(target.endpoint)}}}`
      : `{otlp-http={endpoint=${tomlString(`${target.endpoint}/v1/${signal}`)},protocol="binary"}}`;
  const overrides = [
    `otel.exporter=${exporter('logs')}`,
    `otel.metrics_exporter=${exporter('metrics')}`,
    `otel.log_user_prompt=${options.logPrompts ? 'true' : 'false'}`,
  ];
  if (options.environment !== undefined)
    overrides.push(`otel.environment=${tomlString(options.environment)}`);
  return overrides.flatMap((override) => ['-c', override]);
}

/** A TOML basic string. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\\u007f/g, '\\u007F');
}
