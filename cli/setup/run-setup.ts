/**
 * `aimon setup claude|codex`: write (or --print, or --undo) the persistent telemetry settings of the real
 * clients, pointed at the running stack the same way `aimon claude|codex` point a single launch.
 */
import { log } from '../../core/logger.js';
import { UserError } from '../../core/errors.js';
import type { ClientName } from '../launch/clients.js';
import { otlpTarget, type LaunchProtocol, type OtlpTarget } from '../launch/otlp-target.js';
import { resolveStackEndpoints } from '../launch/resolve-endpoints.js';
import type { ResourceAttributes } from '../launch/resource-attributes.js';
import { formatEnvBlock, planClaudeSettings } from './claude-settings.js';
import { formatOtelBlock, parseCodexConfig, planCodexConfig } from './codex-config.js';
import { readConfigFile, undoFromBackup, writeWithBackup } from './config-file-backup.js';
import { claudeSettingsPath, codexConfigPath, type ClaudeScope } from './setup-paths.js';

export interface SetupOptions {
  readonly protocol: LaunchProtocol;
  readonly endpoint?: string;
  readonly dataDir?: string;
  readonly logPrompts: boolean;
  readonly print: boolean;
  readonly undo: boolean;
  /** claude */
  readonly scope: ClaudeScope;
  readonly resourceAttributes: ResourceAttributes;
  readonly exportIntervalMs?: number;
  /** codex */
  readonly otelEnvironment?: string;
}

/** Returns the path it wrote, restored or would write; prints results on stdout and notes on stderr. */
export async function runSetup(client: ClientName, options: SetupOptions): Promise<string> {
  const file =
    client === 'claude'
      ? claudeSettingsPath(options.scope, process.env, process.cwd())
      : codexConfigPath(process.env);
  if (options.undo && options.print) throw new UserError('--print and --undo cannot be used together');
  if (options.undo) {
    const outcome = await undoFromBackup(file);
    process.stdout.write(`${outcome === 'restored' ? 'restored' : 'removed'} ${file}\n`);
    return file;
  }
  const target = await resolveTarget(options);
  const current = await readConfigFile(file);
  const currentText = current === undefined ? undefined : decodeUtf8(current, file);
  if (options.print) {
    process.stdout.write(`${printBlock(client, file, currentText, target, options)}\n`);
    return file;
  }
  const nextText =
    client === 'claude'
      ? planClaudeSettings(currentText, file, claudeEnvOptions(target, options)).text
      : planCodexConfig(currentText, file, codexOptions(target, options));
  const outcome = await writeWithBackup(file, current, Buffer.from(nextText, 'utf8'));
  if (outcome === 'unchanged') process.stdout.write(`unchanged ${file} (already set up)\n`);
  else
    process.stdout.write(`wrote ${file} (undo: aimon setup ${client}${undoScope(client, options)} --undo)\n`);
  return file;
}

async function resolveTarget(options: SetupOptions): Promise<OtlpTarget> {
  const endpoints = await resolveStackEndpoints(options.dataDir);
  return otlpTarget(endpoints, options.protocol, options.endpoint);
}

function printBlock(
  client: ClientName,
  file: string,
  currentText: string | undefined,
  target: OtlpTarget,
  options: SetupOptions,
): string {
  if (client === 'claude') {
    const { changes } = planClaudeSettings(currentText, file, claudeEnvOptions(target, options));
    if (changes.unset.length > 0) {
      log.info(`note: also remove ${changes.unset.join(', ')} from "env" in ${file}`);
    }
    log.info(`merge this into ${file}:`);
    return formatEnvBlock(changes);
  }
  const currentOtel =
    currentText === undefined
      ? {}
      : ((parseCodexConfig(currentText, file).otel ?? {}) as Record<string, unknown>);
  log.info(`set these keys of [otel] in ${file}:`);
  return formatOtelBlock(codexOptions(target, options), currentOtel);
}

function claudeEnvOptions(target: OtlpTarget, options: SetupOptions) {
  return {
    target,
    logPrompts: options.logPrompts,
    resourceAttributes: options.resourceAttributes,
    ...(options.exportIntervalMs !== undefined ? { exportIntervalMs: options.exportIntervalMs } : {}),
  };
}

function codexOptions(target: OtlpTarget, options: SetupOptions) {
  return {
    target,
    logPrompts: options.logPrompts,
    ...(options.otelEnvironment !== undefined ? { environment: options.otelEnvironment } : {}),
  };
}

function undoScope(client: ClientName, options: SetupOptions): string {
  return client === 'claude' && options.scope === 'project' ? ' --scope project' : '';
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UserError(`${file} is not UTF-8 text; fix or move it and retry`);
  }
}
