import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { argsAfterCommand } from '../commands/launch.js';
import { planLaunch } from './launch-client.js';
import { applyEnvChanges, claudeTelemetryEnv } from './claude-env.js';
import { codexTelemetryOverrides } from './codex-overrides.js';
import { parseLaunchArgs, resourceAttributeAdditions } from './launch-args.js';
import { otlpTarget } from './otlp-target.js';
import {
  formatResourceAttributes,
  mergeResourceAttributes,
  parseResourceAttributes,
} from './resource-attributes.js';
import { endpointsFor, DEFAULT_PORTS } from '../../core/endpoints.js';

const endpoints = endpointsFor(DEFAULT_PORTS);

describe('parseLaunchArgs', () => {
  it('reads aimon options only before the first client argument; -- ends them', () => {
    const parsed = parseLaunchArgs([
      '--protocol',
      'http',
      '--team=web',
      '-p',
      'hi',
      '--debug',
      '--protocol',
      'grpc',
    ]);
    expect(parsed.options.protocol).toBe('http');
    expect(parsed.options.team).toBe('web');
    expect(parsed.clientArgs).toEqual(['-p', 'hi', '--debug', '--protocol', 'grpc']);
    expect(parseLaunchArgs(['--print-env', '--', '--help']).clientArgs).toEqual(['--help']);
    expect(parseLaunchArgs(['--help']).options.help).toBe(true);
  });

  it('rejects bad values with one-line user errors', () => {
    expect(() => parseLaunchArgs(['--protocol', 'udp'])).toThrow(UserError);
    expect(() => parseLaunchArgs(['--bin'])).toThrow('--bin needs a value');
    expect(() => parseLaunchArgs(['--resource-attribute', 'novalue'])).toThrow('key=value');
    expect(() => parseLaunchArgs(['--export-interval', 'inf'])).toThrow('finite');
  });

  it('puts --team first as team.id', () => {
    const { options } = parseLaunchArgs(['--resource-attribute', 'dept=r&d', '--team', 'web']);
    expect(resourceAttributeAdditions(options)).toEqual([
      ['team.id', 'web'],
      ['dept', 'r&d'],
    ]);
  });
});

describe('argsAfterCommand', () => {
  it('takes the raw arguments after the command name (program flags like --debug stay for the client)', () => {
    expect(argsAfterCommand(['node', 'aimon', '--debug', 'claude', '-p', 'x', '--debug'], 'claude')).toEqual([
      '-p',
      'x',
      '--debug',
    ]);
  });
});

describe('OTEL_RESOURCE_ATTRIBUTES', () => {
  it('keeps the user entries, lets ours win on the same key, percent-encodes values', () => {
    const merged = mergeResourceAttributes(parseResourceAttributes('team.id=old,aimon.test_id=t%201'), [
      ['team.id', 'new team'],
    ]);
    expect(formatResourceAttributes(merged)).toBe('team.id=new%20team,aimon.test_id=t%201');
  });
});

describe('claudeTelemetryEnv', () => {
  it('enables telemetry, points both signals at the stack, removes overriding and prompt variables', () => {
    const current = {
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://elsewhere',
      OTEL_LOG_USER_PROMPTS: '1',
      OTEL_RESOURCE_ATTRIBUTES: 'a=1',
    };
    const changes = claudeTelemetryEnv(
      {
        target: otlpTarget(endpoints, 'http'),
        logPrompts: false,
        resourceAttributes: [['team.id', 'web']],
        exportIntervalMs: 1000,
      },
      current,
    );
    expect(changes.set).toMatchObject({
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_RESOURCE_ATTRIBUTES: 'a=1,team.id=web',
    });
    const env = applyEnvChanges(current, changes);
    expect(env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT).toBeUndefined();
    expect(env.OTEL_LOG_USER_PROMPTS).toBeUndefined();
  });

  it('uses grpc on the collector gRPC port and logs prompts only when asked', () => {
    const changes = claudeTelemetryEnv(
      { target: otlpTarget(endpoints, 'grpc'), logPrompts: true, resourceAttributes: [] },
      {},
    );
    expect(changes.set.OTEL_EXPORTER_OTLP_PROTOCOL).toBe('grpc');
    expect(changes.set.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4317');
    expect(changes.set.OTEL_LOG_USER_PROMPTS).toBe('1');
    expect(changes.set.OTEL_RESOURCE_ATTRIBUTES).toBeUndefined();
  });
});

describe('codexTelemetryOverrides', () => {
  it('builds -c overrides Codex 0.171 accepts, per-signal URLs for HTTP', () => {
    expect(
      codexTelemetryOverrides({
        target: otlpTarget(endpoints, 'http'),
        logPrompts: false,
        environment: 'ci "x"',
      }),
    ).toEqual([
      '-c',
      'otel.exporter={otlp-http={endpoint="http://127.0.0.1:4318/v1/logs",protocol="binary"}}',
      '-c',
      'otel.metrics_exporter={otlp-http={endpoint="http://127.0.0.1:4318/v1/metrics",protocol="binary"}}',
      '-c',
      'otel.log_user_prompt=false',
      '-c',
      'otel.environment="ci \\"x\\""',
    ]);
    expect(
      codexTelemetryOverrides({ target: otlpTarget(endpoints, 'grpc', '127.0.0.1:5317'), logPrompts: true }),
    ).toEqual([
      '-c',
      'otel.exporter={otlp-grpc={endpoint="http://127.0.0.1:5317"}}',
      '-c',
      'otel.metrics_exporter={otlp-grpc={endpoint="http://127.0.0.1:5317"}}',
      '-c',
      'otel.log_user_prompt=true',
    ]);
  });
});

describe('planLaunch for codex', () => {
  const options = {
    bin: process.execPath,
    protocol: 'grpc' as const,
    endpoint: '127.0.0.1:4317',
    printEnv: true,
    logPrompts: false,
    help: false,
    resourceAttributes: [] as Array<[string, string]>,
  };

  it("adds --team to the user's OTEL_RESOURCE_ATTRIBUTES and nothing per run (Codex metrics are wide: see README)", async () => {
    const plan = await planLaunch('codex', { ...options, team: 'web' }, ['exec', 'hi'], {
      OTEL_RESOURCE_ATTRIBUTES: 'a=1',
    });
    expect(plan.env.set.OTEL_RESOURCE_ATTRIBUTES).toBe('a=1,team.id=web');
    const plain = await planLaunch('codex', options, ['exec', 'hi'], {});
    expect(plain.env.set.OTEL_RESOURCE_ATTRIBUTES).toBeUndefined();
  });
});
