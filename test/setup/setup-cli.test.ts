/**
 * `aimon setup` as a user runs it (the built CLI, a temporary HOME): bad input is one `aimon:` line with
 * exit 2 and leaves every file as it was; --print writes nothing; a file that did not exist is removed by --undo.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/live/cli.js';
import { runAimon } from '../real-clients/client-runs.js';

let home: string;
let dataDir: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'aimon-setup-cli-'));
  dataDir = join(home, 'no-stack'); // no state file: endpoints come from the default ports
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function setup(...args: string[]): Promise<CliResult> {
  return runCli(['setup', ...args], {
    env: { HOME: home, AIMON_DATA_DIR: dataDir, CLAUDE_CONFIG_DIR: '', CODEX_HOME: '', DEBUG: '' },
  });
}

/** Every file under HOME with its bytes, to show that nothing changed. */
async function snapshot(dir = home): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      result[relative(home, path)] = (await readFile(path)).toString('base64');
    }
  }
  return result;
}

function expectUserError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('aimon setup: bad input changes nothing and exits 2', () => {
  it('unknown scope', async () => {
    const before = await snapshot();
    expectUserError(
      await setup('claude', '--scope', 'global'),
      /^aimon: --scope must be user or project \(got "global"\)/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('a settings.json that is not JSON, and a config.toml that is not TOML', async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(join(home, '.claude', 'settings.json'), '{ "model": "opus", }\n');
    await mkdir(join(home, '.codex'));
    await writeFile(join(home, '.codex', 'config.toml'), '# mine\n[otel\nenvironment = "x"\n');
    const before = await snapshot();
    expectUserError(await setup('claude'), /^aimon: .*\/\.claude\/settings\.json is not valid JSON \(/);
    expectUserError(await setup('claude', '--print'), /^aimon: .*settings\.json is not valid JSON/);
    expectUserError(await setup('codex'), /^aimon: .*\/\.codex\/config\.toml is not valid TOML \(line \d+: /);
    expect(await snapshot()).toEqual(before);
  });

  it('a file that cannot be written', async () => {
    // A regular file where the config directory should be (works as root too).
    await writeFile(join(home, '.claude'), 'not a directory');
    await writeFile(join(home, '.codex'), 'not a directory');
    const before = await snapshot();
    expectUserError(
      await setup('claude'),
      /^aimon: cannot (read|write|create) .*\.claude\/settings\.json: a parent is not a directory$/m,
    );
    expectUserError(
      await setup('codex'),
      /^aimon: cannot (read|write|create) .*\.codex\/config\.toml: a parent is not a directory$/m,
    );
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only settings.json', async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(join(home, '.claude', 'settings.json'), '{}\n');
    await chmod(join(home, '.claude', 'settings.json'), 0o444);
    const before = await snapshot();
    expectUserError(await setup('claude'), /^aimon: cannot write .*settings\.json: permission denied/);
    expect(await snapshot()).toEqual(before);
  });

  it('--undo with no backup', async () => {
    await mkdir(join(home, '.codex'));
    await writeFile(join(home, '.codex', 'config.toml'), 'model = "o3"\n');
    const before = await snapshot();
    expectUserError(await setup('codex', '--undo'), /^aimon: no aimon backup for .*config\.toml/);
    expectUserError(await setup('claude', '--undo'), /^aimon: no aimon backup for .*settings\.json/);
    expect(await snapshot()).toEqual(before);
  });

  it('flags of the other client, and a bad protocol', async () => {
    const before = await snapshot();
    expect((await setup('codex', '--team', 'x')).code).toBe(2);
    expectUserError(await setup('claude', '--protocol', 'udp'), /^aimon: --protocol must be grpc or http/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('aimon setup: print, create, project scope', () => {
  it('--print shows the blocks to paste and writes nothing', async () => {
    const claude = await setup('claude', '--print', '--team', 'web', '--protocol', 'http');
    expect(claude.code, claude.stderr).toBe(0);
    expect(claude.stderr).toMatch(/^merge this into .*\/\.claude\/settings\.json:\n$/);
    expect(JSON.parse(`{${claude.stdout}}`)).toEqual({
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_RESOURCE_ATTRIBUTES: 'team.id=web',
      },
    });
    const codex = await setup('codex', '--print', '--otel-env', 'laptop');
    expect(codex.code, codex.stderr).toBe(0);
    expect(codex.stdout).toBe(
      '[otel]\nenvironment = "laptop"\n' +
        'exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
        'metrics_exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
        'log_user_prompt = false\n',
    );
    expect(await snapshot()).toEqual({});
  });

  it('creates files that did not exist; --undo removes them and leaves no backup', async () => {
    const codex = await setup('codex');
    expect(codex.code, codex.stderr).toBe(0);
    expect(Object.keys(await snapshot()).sort()).toEqual([
      '.codex/config.toml',
      '.codex/config.toml.aimon-created',
    ]);
    expect(await readFile(join(home, '.codex', 'config.toml'), 'utf8')).toBe(
      '[otel]\nenvironment = "dev"\n' +
        'exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
        'metrics_exporter = { otlp-grpc = { endpoint = "http://127.0.0.1:4317" } }\n' +
        'log_user_prompt = false\n',
    );
    expect((await setup('codex', '--undo')).code).toBe(0);
    expect(await snapshot()).toEqual({});
  });

  it('--scope project edits ./.claude/settings.json in the working directory', async () => {
    const project = join(home, 'project');
    await mkdir(project);
    const result = await runAimon(
      ['setup', 'claude', '--scope', 'project', '--endpoint', '10.0.0.5:4317'],
      { PATH: process.env.PATH, HOME: home, AIMON_DATA_DIR: dataDir },
      project,
    );
    expect(result.code, result.stderr).toBe(0);
    const settings = JSON.parse(await readFile(join(project, '.claude', 'settings.json'), 'utf8')) as {
      env: Record<string, string>;
    };
    expect(settings.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://10.0.0.5:4317');
    expect(Object.keys(await snapshot()).sort()).toEqual([
      'project/.claude/settings.json',
      'project/.claude/settings.json.aimon-created',
    ]);
  });
});
