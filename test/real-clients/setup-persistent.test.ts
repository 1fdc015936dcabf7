/**
 * `aimon setup` end to end with the real CLIs: after setup, plain `claude -p` and `codex exec` (no aimon
 * wrapper; only HOME points at a temporary folder, plus the mock API's URL/key) send their telemetry to a
 * real stack, configured only by the files setup wrote. Token totals must be exact; `--undo` must give back
 * the files byte for byte.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENTS } from '../../cli/launch/clients.js';
import { normaliseEndpoint } from '../../cli/launch/otlp-target.js';
import { codexUserConfig, runAimon, uniqueTestId, type ClientRun } from './client-runs.js';
import { startMockAnthropic, type AnthropicUsage } from './mock-anthropic.js';
import { startMockOpenAI, type ResponsesUsage } from './mock-openai.js';
import { useRealClients } from './real-client-fixture.js';
import { byLabel, countBy, pollUntil, queryLogs, queryProm } from './stack-queries.js';

const fixture = useRealClients(['claude', 'codex']);
const roots: string[] = [];

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function tempHome(prefix: string): Promise<{ home: string; work: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  roots.push(root);
  const home = join(root, 'home');
  const work = join(root, 'work');
  await mkdir(home, { recursive: true });
  await mkdir(work, { recursive: true });
  return { home, work };
}

/** Only what any shell has, and HOME: no OTEL_* and no aimon settings reach the client from the environment. */
function plainEnv(home: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TERM: 'dumb', ...extra };
}

/** Runs a client binary directly, stdin from /dev/null. */
function runPlain(
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ClientRun> {
  const startedMs = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, startedMs, endedMs: Date.now() });
    });
  });
}

function setup(args: string[], home: string, cwd: string): Promise<ClientRun> {
  return runAimon(['setup', ...args], plainEnv(home, {}), cwd);
}

async function aimonFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.aimon-'));
}

for (const protocol of ['grpc', 'http'] as const) {
  describe(`aimon setup with the real Claude Code ${CLIENTS.claude.version} over ${protocol}`, () => {
    it('plain claude -p reads the merged settings.json: events and exact token totals land; --undo restores it', async () => {
      const testId = uniqueTestId(`setup-claude-${protocol}`);
      const { home, work } = await tempHome('aimon-setup-claude-');
      const settingsFile = join(home, '.claude', 'settings.json');
      // The user's own settings: a model, a permission rule, their own variables and resource attributes.
      const original = Buffer.from(
        `{\n    "model": "claude-haiku-4-5",\n    "permissions": { "allow": ["Bash(echo:*)"] },\n` +
          `    "env": {\n        "OTEL_RESOURCE_ATTRIBUTES": "aimon.test_id=${testId},department=r%26d",\n` +
          `        "DISABLE_AUTOUPDATER": "1"\n    }\n}\n`,
      );
      await mkdir(join(home, '.claude'));
      await writeFile(settingsFile, original);

      const setupArgs = [
        'claude',
        '--team',
        'team-setup',
        '--protocol',
        protocol,
        '--data-dir',
        fixture.stack.dataDir,
      ];
      const setupRun = await setup(setupArgs, home, work);
      expect(setupRun.code, setupRun.stderr).toBe(0);
      expect(setupRun.stdout).toContain(`wrote ${settingsFile}`);
      const written = await readFile(settingsFile, 'utf8');
      expect(JSON.parse(written)).toEqual({
        model: 'claude-haiku-4-5',
        permissions: { allow: ['Bash(echo:*)'] },
        env: {
          OTEL_RESOURCE_ATTRIBUTES: `aimon.test_id=${testId},department=r%26d,team.id=team-setup`,
          DISABLE_AUTOUPDATER: '1',
          CLAUDE_CODE_ENABLE_TELEMETRY: '1',
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_LOGS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol === 'grpc' ? 'grpc' : 'http/protobuf',
          OTEL_EXPORTER_OTLP_ENDPOINT: normaliseEndpoint(
            protocol === 'grpc' ? fixture.stack.endpoints.otlpGrpc : fixture.stack.endpoints.otlpHttp,
          ),
        },
      });
      const again = await setup(setupArgs, home, work);
      expect([again.code, again.stdout.trim()]).toEqual([0, `unchanged ${settingsFile} (already set up)`]);
      expect(await readFile(settingsFile, 'utf8')).toBe(written);

      const usage: AnthropicUsage = {
        input_tokens: 17,
        output_tokens: 43,
        cache_read_input_tokens: 4100,
        cache_creation_input_tokens: 610,
      };
      const mock = await startMockAnthropic(() => ({ kind: 'text', text: 'done', usage }));
      let run: ClientRun;
      try {
        run = await runPlain(
          fixture.bin('claude'),
          ['-p', 'say hi'],
          plainEnv(home, {
            ANTHROPIC_BASE_URL: mock.url,
            ANTHROPIC_API_KEY: 'sk-ant-test',
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
            CLAUDE_CODE_MAX_RETRIES: '1',
          }),
          work,
        );
      } finally {
        await mock.close();
      }
      expect(run.code, run.stderr).toBe(0);
      // The model came from the user's settings, which setup kept.
      expect(mock.replies.map((r) => r.model)).toEqual(['claude-haiku-4-5']);

      const expected = { user_prompt: 1, api_request: 1, assistant_response: 1 };
      const rows = await pollUntil(
        () => queryLogs(fixture.stack.endpoints.victoriaLogs, `"aimon.test_id":="${testId}"`),
        (r) => Object.entries(expected).every(([event, n]) => (countBy(r, 'event.name')[event] ?? 0) >= n),
      );
      expect(countBy(rows, 'event.name')).toMatchObject(expected);
      for (const row of rows) {
        expect(row['team.id']).toBe('team-setup');
        expect(row.department).toBe('r&d');
        expect(row['service.name']).toBe('claude-code');
      }
      const request = rows.find((r) => r['event.name'] === 'api_request')!;
      expect(request.request_id).toBe(mock.replies[0]!.requestId);
      expect(
        [
          request.input_tokens,
          request.output_tokens,
          request.cache_read_tokens,
          request.cache_creation_tokens,
        ].map(Number),
      ).toEqual([17, 43, 4100, 610]);
      expect(rows.find((r) => r['event.name'] === 'user_prompt')?.prompt).toBe('<REDACTED>');

      const expectedTokens = { input: 17, output: 43, cacheRead: 4100, cacheCreation: 610 };
      const tokens = await pollUntil(
        async () =>
          byLabel(
            await queryProm(
              fixture.stack.endpoints.prometheus,
              `sum by (type) (claude_code_token_usage_tokens_total{aimon_test_id="${testId}",team_id="team-setup",model="claude-haiku-4-5"})`,
            ),
            'type',
          ),
        (t) => JSON.stringify(sortKeys(t)) === JSON.stringify(sortKeys(expectedTokens)),
      );
      expect(sortKeys(tokens)).toEqual(sortKeys(expectedTokens));

      const undo = await setup(['claude', '--undo'], home, work);
      expect(undo.code, undo.stderr).toBe(0);
      expect((await readFile(settingsFile)).equals(original)).toBe(true);
      expect(await aimonFiles(join(home, '.claude'))).toEqual([]);
      const undoAgain = await setup(['claude', '--undo'], home, work);
      expect(undoAgain.code).toBe(2);
      expect(undoAgain.stderr).toMatch(/^aimon: no aimon backup for .*settings\.json/);
    });
  });

  describe(`aimon setup with the real Codex ${CLIENTS.codex.version} over ${protocol}`, () => {
    it('plain codex exec reads the [otel] setup wrote into a commented config.toml; --undo restores it', async () => {
      const env = uniqueTestId(`setup-codex-${protocol}`);
      const { home, work } = await tempHome('aimon-setup-codex-');
      const configFile = join(home, '.codex', 'config.toml');
      const usage: ResponsesUsage = {
        input_tokens: 5200,
        cached_tokens: 4800,
        output_tokens: 95,
        reasoning_tokens: 30,
      };
      const mock = await startMockOpenAI(() => ({ kind: 'text', text: 'done', usage, reasoning: true }));
      try {
        // The user's config: comments, a provider table and an [otel] with only an environment label.
        const original = Buffer.from(
          `# my Codex config (hand-written; keep these comments)\n${codexUserConfig(mock.url, env)}` +
            '\n# trailing note\n',
        );
        await mkdir(join(home, '.codex'));
        await writeFile(configFile, original);

        const setupRun = await setup(
          ['codex', '--protocol', protocol, '--data-dir', fixture.stack.dataDir],
          home,
          work,
        );
        expect(setupRun.code, setupRun.stderr).toBe(0);
        const written = await readFile(configFile, 'utf8');
        const exporter = (signal: string): string =>
          protocol === 'grpc'
            ? `{ otlp-grpc = { endpoint = "${normaliseEndpoint(fixture.stack.endpoints.otlpGrpc)}" } }`
            : `{ otlp-http = { endpoint = "${normaliseEndpoint(fixture.stack.endpoints.otlpHttp)}/v1/${signal}", protocol = "binary" } }`;
        // Every original line is still there, in order; the exporters were added to [otel].
        expect(written).toBe(
          original
            .toString()
            .replace(
              'log_user_prompt = false\n',
              'log_user_prompt = false\n' +
                `exporter = ${exporter('logs')}\nmetrics_exporter = ${exporter('metrics')}\n`,
            ),
        );

        const run = await runPlain(
          fixture.bin('codex'),
          ['exec', '--skip-git-repo-check', 'say hi'],
          plainEnv(home, { OPENAI_API_KEY: 'sk-test' }),
          work,
        );
        expect(run.code, run.stderr).toBe(0);
        expect(mock.replies.length).toBe(1);

        const expected = { 'codex.conversation_starts': 1, 'codex.user_prompt': 1, 'codex.api_request': 1 };
        const rows = await pollUntil(
          () => queryLogs(fixture.stack.endpoints.victoriaLogs, `env:="${env}"`),
          (r) => Object.entries(expected).every(([event, n]) => (countBy(r, 'event.name')[event] ?? 0) >= n),
        );
        expect(countBy(rows, 'event.name')).toMatchObject(expected);
        expect(rows.find((r) => r['event.name'] === 'codex.user_prompt')?.prompt).toBe('[REDACTED]');
        const completed = rows.filter(
          (r) => r['event.name'] === 'codex.sse_event' && r.input_token_count !== undefined,
        );
        expect(
          completed.map((r) => [
            r.input_token_count,
            r.cached_token_count,
            r.output_token_count,
            r.reasoning_token_count,
          ]),
        ).toEqual([['5200', '4800', '95', '30']]);

        const expectedTokens = {
          input: 5200,
          cached_input: 4800,
          output: 95,
          reasoning_output: 30,
          total: 5295,
          cache_write_input: 0,
        };
        const tokens = await pollUntil(
          async () =>
            byLabel(
              await queryProm(
                fixture.stack.endpoints.prometheus,
                `sum by (token_type) (histogram_sum(codex_turn_token_usage{env="${env}",model="gpt-5.1-codex"}))`,
              ),
              'token_type',
            ),
          (t) => JSON.stringify(sortKeys(t)) === JSON.stringify(sortKeys(expectedTokens)),
        );
        expect(sortKeys(tokens)).toEqual(sortKeys(expectedTokens));

        const undo = await setup(['codex', '--undo'], home, work);
        expect(undo.code, undo.stderr).toBe(0);
        expect((await readFile(configFile)).equals(original)).toBe(true);
        expect(await aimonFiles(join(home, '.codex'))).toEqual([]);
      } finally {
        await mock.close();
      }
    });
  });
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
