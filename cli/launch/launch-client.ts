/** `aimon claude|codex`: resolve the binary and the telemetry settings, then run (or print) them. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import {
  applyEnvChanges,
  claudeTelemetryEnv,
  formatEnvChanges,
  shellQuote,
  type EnvChanges,
} from './claude-env.js';
import { CLIENTS, installHint, type ClientName } from './clients.js';
import { codexTelemetryOverrides } from './codex-overrides.js';
import { findOnPath, isExecutableFile } from './find-executable.js';
import { resourceAttributeAdditions, type LaunchOptions } from './launch-args.js';
import { otlpTarget } from './otlp-target.js';
import {
  formatResourceAttributes,
  mergeResourceAttributes,
  parseResourceAttributes,
} from './resource-attributes.js';
import { resolveStackEndpoints } from './resolve-endpoints.js';
import { runClient } from './run-client.js';

export interface LaunchPlan {
  readonly bin: string | undefined;
  /** Arguments placed before the user's (Codex -c overrides). */
  readonly injectedArgs: readonly string[];
  readonly clientArgs: readonly string[];
  readonly env: EnvChanges;
}

export async function planLaunch(
  client: ClientName,
  options: LaunchOptions,
  clientArgs: readonly string[],
  currentEnv: NodeJS.ProcessEnv,
): Promise<LaunchPlan> {
  const endpoints = await resolveStackEndpoints(options.dataDir);
  const target = otlpTarget(endpoints, options.protocol, options.endpoint);
  const additions = resourceAttributeAdditions(options);
  if (client === 'claude') {
    if (options.otelEnvironment !== undefined) throw new UserError('--otel-env applies to codex only');
    const env = claudeTelemetryEnv(
      {
        target,
        logPrompts: options.logPrompts,
        resourceAttributes: additions,
        exportIntervalMs: options.exportIntervalMs,
      },
      currentEnv,
    );
    return { bin: locateBinary(client, options.bin, currentEnv), injectedArgs: [], clientArgs, env };
  }
  if (options.exportIntervalMs !== undefined) {
    throw new UserError('--export-interval applies to claude only (codex exports when it exits)');
  }
  const injectedArgs = codexTelemetryOverrides({
    target,
    logPrompts: options.logPrompts,
    ...(options.otelEnvironment !== undefined ? { environment: options.otelEnvironment } : {}),
  });
  // Codex 0.171 reads OTEL_RESOURCE_ATTRIBUTES (verified: the keys land on both logs and metrics resources).
  const set: Record<string, string> = {};
  if (additions.length > 0) {
    set.OTEL_RESOURCE_ATTRIBUTES = formatResourceAttributes(
      mergeResourceAttributes(parseResourceAttributes(currentEnv.OTEL_RESOURCE_ATTRIBUTES), additions),
    );
  }
  return {
    bin: locateBinary(client, options.bin, currentEnv),
    injectedArgs,
    clientArgs,
    env: { set, unset: [] },
  };
}

export function formatPlan(client: ClientName, plan: LaunchPlan): string {
  const lines: string[] = [];
  const envText = formatEnvChanges(plan.env);
  if (envText) lines.push(envText);
  if (client === 'codex') {
    const command = [plan.bin ?? 'codex', ...plan.injectedArgs, ...plan.clientArgs].map(shellQuote).join(' ');
    lines.push(`# codex runs as:`, command);
  } else if (plan.bin) {
    lines.push(`# claude: ${plan.bin}`);
  }
  return lines.join('\n');
}

export async function launchClient(
  client: ClientName,
  options: LaunchOptions,
  clientArgs: readonly string[],
): Promise<number> {
  const plan = await planLaunch(client, options, clientArgs, process.env);
  if (options.printEnv) {
    process.stdout.write(`${formatPlan(client, plan)}\n`);
    return 0;
  }
  if (!plan.bin) throw missingClient(client);
  return runClient(
    plan.bin,
    [...plan.injectedArgs, ...plan.clientArgs],
    applyEnvChanges(process.env, plan.env),
  );
}

/** --bin wins; else the client on PATH. Undefined when nothing is found (fatal only when actually launching). */
function locateBinary(
  client: ClientName,
  binFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (binFlag !== undefined) {
    const path = resolve(binFlag);
    if (!existsSync(path)) throw new UserError(`--bin ${binFlag}: no such file`);
    if (!isExecutableFile(path)) throw new UserError(`--bin ${binFlag}: not an executable file`);
    return path;
  }
  return findOnPath(CLIENTS[client].binName, env.PATH);
}

function missingClient(client: ClientName): UserError {
  const spec = CLIENTS[client];
  return new UserError(`${spec.binName} (${spec.displayName}) not found on PATH: ${installHint(spec)}`);
}
