/**
 * Secure by default, on real native stacks: VictoriaLogs' management endpoints refuse callers without the key while
 * aimon's own flush works; the data dir is 700 and its keys 600; the collector's privacy processor masks
 * secret-looking values in a Codex-shaped codex.tool_result and leaves every other field alone, and
 * `--keep-raw-tool-output` (keepRawToolOutput) stores the raw value.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VictoriaLogsClient } from '../../assertions/backends/victoria-logs-client.js';
import { DEFAULT_PORTS, type StackPorts } from '../../core/endpoints.js';
import { findFreePorts } from '../../core/ports.js';
import { stackDown, stackUp } from '../../stack/native-stack.js';
import { victoriaLogsKeyFile } from '../../stack/stack-secrets.js';
import type { StackState } from '../../stack/stack-state.js';

interface Stack {
  dataDir: string;
  state: StackState;
  stop(): Promise<void>;
}

async function startStack(keepRawToolOutput: boolean): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aimon-secure-stack-'));
  const keys = Object.keys(DEFAULT_PORTS) as Array<keyof StackPorts>;
  const free = await findFreePorts(keys.length);
  const ports = Object.fromEntries(keys.map((key, i) => [key, free[i]!])) as unknown as StackPorts;
  const { state } = await stackUp({ dataDir, ports, keepRawToolOutput });
  return {
    dataDir,
    state,
    async stop() {
      await stackDown({ dataDir });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A .env as a tool would print it: every line but the plain ones is a secret. */
const FAKE_ENV = [
  'OPENAI_API_KEY=sk-proj-Zq3v9XbN2mL8kP4tR7wY1cF6hJ0sD5aG',
  'ANTHROPIC_API_KEY="sk-ant-api03-Hx7Kq2Lm9Np4Rs8Tv1Wy6Za3Bc5De0Fg"',
  'export GITHUB_TOKEN=ghp_4Fz8Qw2Er6Ty0Ui3Op7As1Df5Gh9Jk2Lz4Xc',
  'AWS_ACCESS_KEY_ID=AKIAQ7RZ2X5M3N8P4L6K',
  'aws_secret_access_key = 7kPq2Wm9Xz4Rt8Yv1Bn6Hc3Jd5Lf0Gs2Ae7Ui9O',
  'DATABASE_URL=postgres://app:Tr0ub4dor-3@db.internal:5432/app',
  'LOG_LEVEL=debug',
  'PORT=8080',
].join('\n');
const SECRETS = [
  'sk-proj-Zq3v9XbN2mL8kP4tR7wY1cF6hJ0sD5aG',
  'sk-ant-api03-Hx7Kq2Lm9Np4Rs8Tv1Wy6Za3Bc5De0Fg',
  'ghp_4Fz8Qw2Er6Ty0Ui3Op7As1Df5Gh9Jk2Lz4Xc',
  'AKIAQ7RZ2X5M3N8P4L6K',
  '7kPq2Wm9Xz4Rt8Yv1Bn6Hc3Jd5Lf0Gs2Ae7Ui9O',
  'Tr0ub4dor-3',
];
const PRIVATE_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----';
const ARGUMENTS = JSON.stringify({
  cmd: 'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N" https://api.internal',
});

/** One codex.tool_result shaped like Codex 0.171's (see simulator/agents/codex/schema.fixture.ts). */
function toolResultRequest(env: string, seq: number): unknown {
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'codex_exec'), str('env', env)] },
        scopeLogs: [
          {
            scope: { name: 'codex_otel.log_only' },
            logRecords: [
              {
                attributes: [
                  str('event.name', 'codex.tool_result'),
                  str('event.timestamp', new Date().toISOString()),
                  str('conversation.id', '0199a2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d'),
                  str('aimon.run_id', `secure-${env}`),
                  { key: 'aimon.seq', value: { intValue: seq } },
                  { key: 'tool_result_seq', value: { intValue: 1 } },
                  str('tool_name', 'exec_command'),
                  str('call_id', 'call_Q2x9Lm4Np7Rs1Tv'),
                  str('duration_ms', '12'),
                  str('success', 'true'),
                  str('input_token_count', '4200'),
                  str('arguments', ARGUMENTS),
                  str('output', `Process exited with code 0\nOutput:\n${FAKE_ENV}\n${PRIVATE_KEY}\ndone`),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

async function sendAndRead(stack: Stack, env: string): Promise<Record<string, string>> {
  const response = await fetch(`${stack.state.endpoints.otlpHttp}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toolResultRequest(env, 7)),
  });
  expect(response.status).toBe(200);
  const client = new VictoriaLogsClient({ baseUrl: stack.state.endpoints.victoriaLogs });
  for (let attempt = 0; attempt < 60; attempt++) {
    await client.forceFlush();
    const rows = await client.query(`env:=${JSON.stringify(env)}`);
    if (rows.length > 0) return rows[0]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no record of env ${env} in VictoriaLogs`);
}

describe('secure by default (native stack)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(false);
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('the data dir is 700, its secrets dir 700 and each key file 600; the state file holds no key', async () => {
    expect((await stat(stack.dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stack.dataDir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect((await readdir(join(stack.dataDir, 'secrets'))).sort()).toEqual([
      'victoria-logs-flush.key',
      'victoria-logs-management.key',
    ]);
    const state = await readFile(join(stack.dataDir, 'stack.json'), 'utf8');
    for (const name of ['flush', 'management'] as const) {
      const file = victoriaLogsKeyFile(stack.dataDir, name);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const key = (await readFile(file, 'utf8')).trim();
      expect(key.length).toBeGreaterThanOrEqual(40);
      expect(state).not.toContain(key);
    }
  });

  it('VictoriaLogs refuses management calls without the key; aimon flushes with it', async () => {
    const vl = stack.state.endpoints.victoriaLogs;
    const status = async (path: string) => {
      const response = await fetch(`${vl}${path}`);
      await response.arrayBuffer();
      return response.status;
    };
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(await status(`/internal/partition/detach?name=${day}`)).toBe(401);
    expect(await status(`/internal/partition/list`)).toBe(401);
    expect(await status('/internal/force_flush')).toBe(401);
    expect(await status('/internal/force_flush?authKey=wrong')).toBe(401);
    expect(await status('/internal/force_merge')).toBe(401);
    expect(await status('/flags')).toBe(401);
    // /delete stays off: not a 2xx for anyone.
    expect(await status('/delete/run_task?filter=*')).toBeGreaterThanOrEqual(400);
    const management = (await readFile(victoriaLogsKeyFile(stack.dataDir, 'management'), 'utf8')).trim();
    expect(await status(`/internal/partition/list?authKey=${management}`)).toBe(200);
    // aimon's own client finds the flush key (registered when the stack started) and its flush succeeds.
    await expect(new VictoriaLogsClient({ baseUrl: vl }).forceFlush()).resolves.toBeUndefined();
  });

  it('masks secret-looking values in tool output and arguments and leaves every other field intact', async () => {
    const env = `secure-masked-${Date.now().toString(36)}`;
    const row = await sendAndRead(stack, env);
    for (const secret of SECRETS) {
      expect(row.output).not.toContain(secret);
    }
    expect(row.output).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmU');
    expect(row.arguments).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(row.output).toContain('[REDACTED SECRET]');
    expect(row.output).toMatch(/^Process exited with code 0\nOutput:\n/);
    expect(row.output).toContain('\nLOG_LEVEL=debug\nPORT=8080\n');
    expect(row.output!.endsWith('\ndone')).toBe(true);
    expect(row.arguments).toBe(JSON.stringify({ cmd: 'curl -H "[REDACTED SECRET]" https://api.internal' }));
    expect(row).toMatchObject({
      'event.name': 'codex.tool_result',
      'conversation.id': '0199a2c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      'aimon.run_id': `secure-${env}`,
      'aimon.seq': '7',
      tool_result_seq: '1',
      tool_name: 'exec_command',
      call_id: 'call_Q2x9Lm4Np7Rs1Tv',
      duration_ms: '12',
      success: 'true',
      input_token_count: '4200',
      'service.name': 'codex_exec',
      'redaction.masked.keys': 'arguments,output',
      'redaction.masked.count': '2',
    });
  });

  it('--keep-raw-tool-output stores the raw value (redaction/off)', async () => {
    const raw = await startStack(true);
    try {
      expect(raw.state.keepRawToolOutput).toBe(true);
      const env = `secure-raw-${Date.now().toString(36)}`;
      const row = await sendAndRead(raw, env);
      expect(row.output).toBe(`Process exited with code 0\nOutput:\n${FAKE_ENV}\n${PRIVATE_KEY}\ndone`);
      expect(row.arguments).toBe(ARGUMENTS);
      expect(row['redaction.masked.count']).toBeUndefined();
      expect(row['aimon.seq']).toBe('7');
    } finally {
      await raw.stop();
    }
  }, 60_000);
});
