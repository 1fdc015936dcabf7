/**
 * Runs the real CLIs through `aimon claude` / `aimon codex` (the built dist/cli/main.js) against the mock
 * model APIs: empty temporary HOME, stdin from /dev/null, no inherited OTEL_* settings, short timeouts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../core/paths.js';
import { tomlString } from '../../cli/launch/codex-overrides.js';

export interface ClientRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedMs: number;
  readonly endedMs: number;
}

export type Protocol = 'grpc' | 'http';

export interface AimonTarget {
  /** Where the stack's endpoints come from: its data dir (state file) or an explicit OTLP endpoint. */
  readonly dataDir?: string;
  readonly endpoint?: string;
  readonly protocol: Protocol;
}

function targetArgs(target: AimonTarget): string[] {
  const args = ['--protocol', target.protocol];
  if (target.dataDir) args.push('--data-dir', target.dataDir);
  if (target.endpoint) args.push('--endpoint', target.endpoint);
  return args;
}

/** A clean environment: only PATH and what the run needs (no user OTEL_* or API settings leak in). */
function baseEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TERM: 'dumb' };
}

export function runAimon(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs = 120_000,
): Promise<ClientRun> {
  const startedMs = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'cli', 'main.js'), ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, startedMs, endedMs: Date.now() });
    });
  });
}

export interface ClaudeRunOptions {
  readonly bin: string;
  readonly anthropicUrl: string;
  readonly target: AimonTarget;
  /** The user's own OTEL_RESOURCE_ATTRIBUTES (aimon must keep them). */
  readonly resourceAttributes?: string;
  /** aimon options placed before `--` (e.g. --team X). */
  readonly aimonArgs?: readonly string[];
  /** Arguments for claude after `--`. */
  readonly claudeArgs: readonly string[];
  readonly extraEnv?: NodeJS.ProcessEnv;
}

export async function runClaudeViaAimon(options: ClaudeRunOptions): Promise<ClientRun> {
  const root = await mkdtemp(join(tmpdir(), 'aimon-claude-run-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  await mkdir(home, { recursive: true });
  await mkdir(work, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(home),
    ANTHROPIC_BASE_URL: options.anthropicUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: '1',
    ...(options.resourceAttributes ? { OTEL_RESOURCE_ATTRIBUTES: options.resourceAttributes } : {}),
    ...options.extraEnv,
  };
  const args = [
    'claude',
    '--bin',
    options.bin,
    ...targetArgs(options.target),
    '--export-interval',
    '1s',
    ...(options.aimonArgs ?? []),
    '--',
    ...options.claudeArgs,
  ];
  return runAimon(args, env, work);
}

export interface CodexRunOptions {
  readonly bin: string;
  readonly openaiUrl: string;
  readonly target: AimonTarget;
  /** [otel] environment in the user's config.toml: becomes the `env` resource attribute. */
  readonly environment: string;
  readonly model?: string;
  readonly resourceAttributes?: string;
  readonly aimonArgs?: readonly string[];
  /** Arguments after `exec --skip-git-repo-check` (e.g. -s read-only, -m MODEL, the prompt). */
  readonly execArgs: readonly string[];
  readonly extraEnv?: NodeJS.ProcessEnv;
  /** Codex execpolicy rules written to CODEX_HOME/rules/default.rules. */
  readonly rules?: string;
}

/** The user's config.toml: a mock provider and offline switches, but no [otel] exporters (aimon adds those). */
export function codexUserConfig(openaiUrl: string, environment: string, model = 'gpt-5.1-codex'): string {
  return `model = ${tomlString(model)}
model_provider = "mock"
approval_policy = "never"
sandbox_mode = "workspace-write"
check_for_update_on_startup = false

[model_providers.mock]
name = "Mock OpenAI"
base_url = ${tomlString(`${openaiUrl}/v1`)}
wire_api = "responses"
env_key = "OPENAI_API_KEY"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[otel]
environment = ${tomlString(environment)}
log_user_prompt = false

[features]
plugins = false
remote_plugin = false
apps = false
`;
}

export async function runCodexViaAimon(options: CodexRunOptions): Promise<ClientRun> {
  const root = await mkdtemp(join(tmpdir(), 'aimon-codex-run-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const work = join(root, 'work');
  await mkdir(codexHome, { recursive: true });
  await mkdir(work, { recursive: true });
  await writeFile(
    join(codexHome, 'config.toml'),
    codexUserConfig(options.openaiUrl, options.environment, options.model),
  );
  if (options.rules) {
    await mkdir(join(codexHome, 'rules'), { recursive: true });
    await writeFile(join(codexHome, 'rules', 'default.rules'), options.rules);
  }
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(home),
    CODEX_HOME: codexHome,
    OPENAI_API_KEY: 'sk-test',
    ...(options.resourceAttributes ? { OTEL_RESOURCE_ATTRIBUTES: options.resourceAttributes } : {}),
    ...options.extraEnv,
  };
  const args = [
    'codex',
    '--bin',
    options.bin,
    ...targetArgs(options.target),
    ...(options.aimonArgs ?? []),
    '--',
    'exec',
    '--skip-git-repo-check',
    ...options.execArgs,
  ];
  return runAimon(args, env, work);
}

let counter = 0;
/** A unique id per test case, used as a resource attribute / Codex environment to find its records. */
export function uniqueTestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}`;
}
