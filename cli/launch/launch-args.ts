/**
 * Splits `aimon claude|codex [aimon options] [client args…]`. aimon's options are read only before the
 * first argument aimon does not know (or `--`); everything from there on goes to the client untouched,
 * so a client flag that happens to share a name (e.g. claude --debug) is never swallowed.
 */
import { parseDurationMs } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { parseProtocol, type LaunchProtocol } from './otlp-target.js';
import { parseAttributeFlag } from './resource-attributes.js';

export interface LaunchOptions {
  bin?: string;
  protocol: LaunchProtocol;
  endpoint?: string;
  dataDir?: string;
  printEnv: boolean;
  logPrompts: boolean;
  help: boolean;
  team?: string;
  resourceAttributes: Array<[string, string]>;
  exportIntervalMs?: number;
  otelEnvironment?: string;
}

export interface ParsedLaunchArgs {
  options: LaunchOptions;
  clientArgs: string[];
}

const VALUE_OPTIONS = new Set([
  '--bin',
  '--protocol',
  '--endpoint',
  '--data-dir',
  '--team',
  '--resource-attribute',
  '--export-interval',
  '--otel-env',
]);
const FLAG_OPTIONS = new Set(['--print-env', '--log-prompts', '--help', '-h']);

export function parseLaunchArgs(args: readonly string[]): ParsedLaunchArgs {
  const options: LaunchOptions = {
    protocol: 'grpc',
    printEnv: false,
    logPrompts: false,
    help: false,
    resourceAttributes: [],
  };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAG_OPTIONS.has(name) && eq < 0) {
      if (name === '--print-env') options.printEnv = true;
      else if (name === '--log-prompts') options.logPrompts = true;
      else options.help = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) break;
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined) throw new UserError(`${name} needs a value`);
      value = next;
      i++;
    }
    applyValue(options, name, value);
  }
  return { options, clientArgs: args.slice(i) };
}

function applyValue(options: LaunchOptions, name: string, value: string): void {
  switch (name) {
    case '--bin':
      options.bin = value;
      break;
    case '--protocol':
      options.protocol = parseProtocol(value);
      break;
    case '--endpoint':
      options.endpoint = value;
      break;
    case '--data-dir':
      options.dataDir = value;
      break;
    case '--team':
      if (!value.trim()) throw new UserError('--team needs a non-empty value');
      options.team = value;
      break;
    case '--resource-attribute':
      options.resourceAttributes.push(parseAttributeFlag(value));
      break;
    case '--export-interval':
      options.exportIntervalMs = parseDurationMs(value, '--export-interval');
      if (!Number.isFinite(options.exportIntervalMs) || options.exportIntervalMs < 1) {
        throw new UserError(`--export-interval must be a finite duration of at least 1ms (got "${value}")`);
      }
      options.exportIntervalMs = Math.round(options.exportIntervalMs);
      break;
    case '--otel-env':
      options.otelEnvironment = value;
      break;
  }
}

/** --team is shorthand for --resource-attribute team.id=ID (the key the dashboards group by). */
export function resourceAttributeAdditions(options: LaunchOptions): Array<[string, string]> {
  return options.team === undefined
    ? options.resourceAttributes
    : [['team.id', options.team], ...options.resourceAttributes];
}
