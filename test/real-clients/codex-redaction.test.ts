/**
 * The real Codex CLI reads a fake `.env` full of API keys (the mock Responses API asks for `cat <file>`); the
 * stored codex.tool_result in VictoriaLogs has every secret masked by the collector's privacy processor and every
 * other field as Codex sent it. (`--keep-raw-tool-output` is shown on a simulated record in
 * test/stack/secure-defaults.test.ts: a second real run would add ~20 s for the same processor switch.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENTS } from '../../cli/launch/clients.js';
import { uniqueTestId } from './client-runs.js';
import { hasFunctionCallOutput, type ResponsesScript } from './mock-openai.js';
import { codexSession, storedRecords, useRealClients } from './real-client-fixture.js';

const SECRETS = {
  OPENAI_API_KEY: 'sk-proj-Zq3v9XbN2mL8kP4tR7wY1cF6hJ0sD5aGx2',
  ANTHROPIC_API_KEY: 'sk-ant-api03-Hx7Kq2Lm9Np4Rs8Tv1Wy6Za3Bc5De0Fg',
  GITHUB_TOKEN: 'ghp_4Fz8Qw2Er6Ty0Ui3Op7As1Df5Gh9Jk2Lz4Xc',
  AWS_ACCESS_KEY_ID: 'AKIAQ7RZ2X5M3N8P4L6K',
  AWS_SECRET_ACCESS_KEY: '7kPq2Wm9Xz4Rt8Yv1Bn6Hc3Jd5Lf0Gs2Ae7Ui9O',
  STRIPE_SECRET_KEY: 'sk_live_51Hx7Kq2Lm9Np4Rs8Tv1Wy6Za',
  DB_PASSWORD: 'Tr0ub4dor-and-3',
};
const FAKE_ENV = `# app settings
${Object.entries(SECRETS)
  .map(([name, value]) => `${name}=${value}`)
  .join('\n')}
LOG_LEVEL=debug
PORT=8080
`;

const fixture = useRealClients(['codex']);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimon-fake-env-'));
  await writeFile(join(dir, '.env'), FAKE_ENV);
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`real Codex ${CLIENTS.codex.version}: secrets in tool output are masked by default`, () => {
  it('cat .env: the stored codex.tool_result has every key masked and the rest intact', async () => {
    const envFile = join(dir, '.env');
    const usage = { input_tokens: 4200, cached_tokens: 3900, output_tokens: 35, reasoning_tokens: 0 };
    const script: ResponsesScript = (body) =>
      hasFunctionCallOutput(body)
        ? { kind: 'text', text: 'done', usage, reasoning: false }
        : { kind: 'function_call', name: 'exec_command', arguments: { cmd: `cat ${envFile}` }, usage };
    const env = uniqueTestId('codex-redaction');
    const { run, mock } = await codexSession(script, {
      bin: fixture.bin('codex'),
      target: { protocol: 'grpc', dataDir: fixture.stack.dataDir },
      environment: env,
      execArgs: ['show me the settings'],
    });
    expect(run.code, run.stderr).toBe(0);
    // Codex really read the file: the raw secrets went back to the (mock) model in function_call_output.
    expect(mock.replies.length).toBe(2);

    const rows = await storedRecords(fixture.stack, `env:="${env}"`, {
      'codex.tool_result': 1,
      'codex.sse_event': 2,
    });
    const toolResult = rows.find((r) => r['event.name'] === 'codex.tool_result')!;
    const decision = rows.find((r) => r['event.name'] === 'codex.tool_decision')!;
    expect(toolResult).toBeDefined();

    // Masked: no secret survives anywhere in the stored records of this run.
    const stored = JSON.stringify(rows);
    for (const [name, secret] of Object.entries(SECRETS)) expect(stored, name).not.toContain(secret);
    expect(toolResult.output).toContain('[REDACTED SECRET]');
    expect(toolResult.output!.match(/\[REDACTED SECRET\]/g)!.length).toBe(Object.keys(SECRETS).length);
    // Intact: the plain lines, the command, the ids and counters.
    expect(toolResult.output).toContain('# app settings');
    expect(toolResult.output).toContain('LOG_LEVEL=debug\nPORT=8080');
    expect(JSON.parse(toolResult.arguments!)).toEqual({ cmd: `cat ${envFile}` });
    expect(toolResult).toMatchObject({
      tool_name: 'exec_command',
      success: 'true',
      call_id: decision.call_id,
      'conversation.id': decision['conversation.id'],
      'service.name': 'codex_exec',
      'redaction.masked.keys': 'output',
      'redaction.masked.count': '1',
    });
    expect(toolResult.tool_result_seq).toMatch(/^\d+$/);
    expect(toolResult['conversation.id']).toMatch(/^[0-9a-f-]{36}$/);
    const completed = rows.filter(
      (r) => r['event.kind'] === 'response.completed' && r.input_token_count !== undefined,
    );
    expect(completed.map((r) => [r.input_token_count, r.output_token_count])).toEqual([
      ['4200', '35'],
      ['4200', '35'],
    ]);
    // Nothing else was touched: only the tool result carries a redaction mark.
    expect(rows.filter((r) => r['redaction.masked.count'] !== undefined).length).toBe(1);
  });
});
