import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { formatEnvBlock, planClaudeSettings } from './claude-settings.js';
import type { TelemetryEnvOptions } from '../launch/claude-env.js';

const FILE = '/home/u/.claude/settings.json';
const grpc: TelemetryEnvOptions = {
  target: { protocol: 'grpc', endpoint: 'http://127.0.0.1:4317' },
  logPrompts: false,
  resourceAttributes: [],
};
const AIMON_ENV = {
  CLAUDE_CODE_ENABLE_TELEMETRY: '1',
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
};

describe('planClaudeSettings', () => {
  it('creates a settings file with only the env block when there was none', () => {
    const { text } = planClaudeSettings(undefined, FILE, grpc);
    expect(text).toBe(`${JSON.stringify({ env: AIMON_ENV }, null, 2)}\n`);
  });

  it('keeps every other setting and variable, in order, with the file indentation', () => {
    const existing =
      '{\n    "model": "opus",\n    "permissions": {\n        "allow": ["Bash(npm test)"]\n    },\n' +
      '    "env": {\n        "FOO": "bar"\n    },\n    "theme": "dark"\n}\n';
    const { text } = planClaudeSettings(existing, FILE, grpc);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['model', 'permissions', 'env', 'theme']);
    expect(parsed.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(parsed.env).toEqual({ FOO: 'bar', ...AIMON_ENV });
    expect(text.startsWith('{\n    "model": "opus",\n')).toBe(true);
    expect(text.endsWith('\n}\n')).toBe(true);
  });

  it('merges --team into an existing OTEL_RESOURCE_ATTRIBUTES instead of replacing it', () => {
    const existing = JSON.stringify({
      env: { OTEL_RESOURCE_ATTRIBUTES: 'department=eng,cost_center=1%2C2,team.id=old' },
    });
    const { text, changes } = planClaudeSettings(existing, FILE, {
      ...grpc,
      resourceAttributes: [
        ['team.id', 'web'],
        ['site', 'b e'],
      ],
    });
    const env = (JSON.parse(text) as { env: Record<string, string> }).env;
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe('department=eng,cost_center=1%2C2,team.id=web,site=b%20e');
    expect(changes.set.OTEL_RESOURCE_ATTRIBUTES).toBe(env.OTEL_RESOURCE_ATTRIBUTES);
  });

  it('keeps OTEL_RESOURCE_ATTRIBUTES untouched when no attributes are added', () => {
    const existing = JSON.stringify({ env: { OTEL_RESOURCE_ATTRIBUTES: 'a=1,b=2' } });
    const env = (JSON.parse(planClaudeSettings(existing, FILE, grpc).text) as { env: Record<string, string> })
      .env;
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe('a=1,b=2');
  });

  it('is a no-op (same bytes) when the settings already say the same, whatever the formatting', () => {
    const once = planClaudeSettings('{"a":1}', FILE, grpc).text;
    expect(planClaudeSettings(once, FILE, grpc).text).toBe(once);
    const compact = JSON.stringify({ env: { ...AIMON_ENV }, a: 1 });
    expect(planClaudeSettings(compact, FILE, grpc).text).toBe(compact);
    const withTeam = { ...grpc, resourceAttributes: [['team.id', 'web']] as const };
    const teamed = planClaudeSettings(once, FILE, withTeam).text;
    expect(teamed).not.toBe(once);
    expect(planClaudeSettings(teamed, FILE, withTeam).text).toBe(teamed);
  });

  it('switches protocol and endpoint, removes signal-specific overrides and prompt logging (as aimon claude)', () => {
    const existing = JSON.stringify(
      {
        env: {
          ...AIMON_ENV,
          OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://elsewhere:4318/v1/logs',
          OTEL_LOG_USER_PROMPTS: '1',
          KEEP: 'me',
        },
      },
      null,
      2,
    );
    const http = { ...grpc, target: { protocol: 'http' as const, endpoint: 'http://127.0.0.1:4318' } };
    const { text, changes } = planClaudeSettings(existing, FILE, http);
    expect([...changes.unset].sort()).toEqual(['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'OTEL_LOG_USER_PROMPTS']);
    expect((JSON.parse(text) as { env: unknown }).env).toEqual({
      ...AIMON_ENV,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      KEEP: 'me',
    });
    const withPrompts = planClaudeSettings(existing, FILE, {
      ...http,
      logPrompts: true,
      exportIntervalMs: 5000,
    });
    expect((JSON.parse(withPrompts.text) as { env: Record<string, string> }).env).toMatchObject({
      OTEL_LOG_USER_PROMPTS: '1',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
      OTEL_LOGS_EXPORT_INTERVAL: '5000',
    });
  });

  it('keeps a BOM, CRLF line ends and a missing final newline', () => {
    const existing = '\uFEFF{\r\n\t"a": 1\r\n}';
    const { text } = planClaudeSettings(existing, FILE, grpc);
    expect(text.startsWith('\uFEFF{\r\n\t"a": 1,\r\n\t"env": {\r\n\t\t"CLAUDE_CODE_ENABLE_TELEMETRY"')).toBe(
      true,
    );
    expect(text.endsWith('\r\n\t}\r\n}')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('rejects what is not a settings object with a one-line UserError naming the file', () => {
    for (const bad of ['nope\n', '{"a":1,}', '[]', '"x"', '{"env":[]}', '{"env":{"A":1}}', '']) {
      let caught: unknown;
      try {
        planClaudeSettings(bad, FILE, grpc);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(UserError);
      expect((caught as Error).message).toContain(FILE);
      expect((caught as Error).message).not.toContain('\n');
    }
  });
});

describe('formatEnvBlock', () => {
  it('prints a pasteable "env" member', () => {
    const { changes } = planClaudeSettings(undefined, FILE, grpc);
    const block = formatEnvBlock(changes);
    expect(block.split('\n')[0]).toBe('"env": {');
    expect(JSON.parse(`{${block}}`)).toEqual({ env: AIMON_ENV });
  });
});
