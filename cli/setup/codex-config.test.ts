import { parse } from '@decimalturn/toml-patch';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { formatOtelBlock, planCodexConfig, type CodexOtelOptions } from './codex-config.js';

const FILE = '/home/u/.codex/config.toml';
const grpc: CodexOtelOptions = {
  target: { protocol: 'grpc', endpoint: 'http://127.0.0.1:4317' },
  logPrompts: false,
};
const http: CodexOtelOptions = {
  target: { protocol: 'http', endpoint: 'http://127.0.0.1:4318' },
  logPrompts: false,
};

const USER_CONFIG = `# Codex settings, hand-written
model = "gpt-5.1-codex"   # the default model
model_provider = "mock"

# a provider for tests
[model_providers.mock]
name = "Mock OpenAI"
base_url = "http://127.0.0.1:9/v1" # local
wire_api = "responses"

[otel]
# my environment label
environment = "laptop"
trace_exporter = "none" # keep

[features]
plugins = false   # no network
`;

describe('planCodexConfig', () => {
  it('adds the exporters to [otel] and keeps every comment, other table and untouched key byte for byte', () => {
    const text = planCodexConfig(USER_CONFIG, FILE, grpc);
    expect(text).toBe(
      USER_CONFIG.replace(
        'trace_exporter = "none" # keep\n',
        'trace_exporter = "none" # keep\n' +
          'exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
          'metrics_exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
          'log_user_prompt = false\n',
      ),
    );
  });

  it('writes the per-signal URLs over HTTP and Codex\'s "dev" environment when the file has none', () => {
    const text = planCodexConfig('model = "o3"\n', FILE, http);
    expect(parse(text)).toEqual({
      model: 'o3',
      otel: {
        environment: 'dev',
        exporter: { 'otlp-http': { endpoint: 'http://127.0.0.1:4318/v1/logs', protocol: 'binary' } },
        metrics_exporter: {
          'otlp-http': { endpoint: 'http://127.0.0.1:4318/v1/metrics', protocol: 'binary' },
        },
        log_user_prompt: false,
      },
    });
    expect(text.startsWith('model = "o3"\n')).toBe(true);
    expect(parse(planCodexConfig(undefined, FILE, { ...grpc, environment: 'ci' }))).toMatchObject({
      otel: { environment: 'ci' },
    });
  });

  it('is a no-op (same text) once set up, and changes again only when a value changes', () => {
    const once = planCodexConfig(USER_CONFIG, FILE, grpc);
    expect(planCodexConfig(once, FILE, grpc)).toBe(once);
    const switched = planCodexConfig(once, FILE, http);
    expect(switched).not.toBe(once);
    expect(switched).toContain('# my environment label\nenvironment = "laptop"\n');
    expect(planCodexConfig(switched, FILE, http)).toBe(switched);
    expect(parse(planCodexConfig(switched, FILE, { ...http, logPrompts: true }))).toMatchObject({
      otel: { log_user_prompt: true },
    });
  });

  it('replaces an exporter written as a sub-table, dropping its old headers (they belong to another endpoint)', () => {
    const existing = `[otel]
environment = "x"

[otel.exporter.otlp-http]
endpoint = "https://vendor.example/v1/logs"
protocol = "json"
headers = { "x-key" = "secret" }

[features]
apps = false
`;
    const text = planCodexConfig(existing, FILE, grpc);
    expect(parse(text)).toEqual({
      otel: {
        environment: 'x',
        exporter: { 'otlp-grpc': { endpoint: 'http://127.0.0.1:4317' } },
        metrics_exporter: { 'otlp-grpc': { endpoint: 'http://127.0.0.1:4317' } },
        log_user_prompt: false,
      },
      features: { apps: false },
    });
    expect(text).not.toContain('secret');
  });

  it('rejects invalid TOML with a one-line UserError naming the file and line', () => {
    for (const bad of ['[[[\n', 'a = 1\na = 2\n', 'otel = 3\n']) {
      let caught: unknown;
      try {
        planCodexConfig(bad, FILE, grpc);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(UserError);
      expect((caught as Error).message).toContain(FILE);
      expect((caught as Error).message).not.toContain('\n');
    }
  });
});

describe('formatOtelBlock', () => {
  it('prints an [otel] table that parses to what setup writes', () => {
    const block = formatOtelBlock({ ...http, environment: 'prod' });
    expect(block.split('\n')[0]).toBe('[otel]');
    expect(parse(block)).toEqual(parse(planCodexConfig(undefined, FILE, { ...http, environment: 'prod' })));
  });
});
