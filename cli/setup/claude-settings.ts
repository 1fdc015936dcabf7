/**
 * Merges the telemetry variables `aimon claude` sets into the `env` block of a Claude Code settings.json.
 * Every other setting and every other variable is kept; OTEL_RESOURCE_ATTRIBUTES already in the block is
 * merged with --team / --resource-attribute (aimon's keys win on the same key), never replaced.
 */
import { UserError } from '../../core/errors.js';
import { claudeTelemetryEnv, type EnvChanges, type TelemetryEnvOptions } from '../launch/claude-env.js';

type JsonObject = Record<string, unknown>;

export interface ClaudeSettingsPlan {
  /** The whole file after the merge (unchanged input gives identical bytes). */
  readonly text: string;
  /** What aimon sets and removes in the env block. */
  readonly changes: EnvChanges;
}

/** Parses settings.json; anything but a JSON object (with an object or no `env`) is a UserError naming the file. */
export function parseClaudeSettings(text: string, file: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripBom(text));
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${oneLine((error as Error).message)}); fix or move it and retry`,
    );
  }
  if (!isObject(parsed)) throw new UserError(`${file} must hold a JSON object (got ${describe(parsed)})`);
  if (parsed.env !== undefined && !isObject(parsed.env)) {
    throw new UserError(`${file}: "env" must be an object (got ${describe(parsed.env)})`);
  }
  for (const [name, value] of Object.entries((parsed.env as JsonObject | undefined) ?? {})) {
    if (typeof value !== 'string') {
      throw new UserError(`${file}: env.${name} must be a string (got ${describe(value)})`);
    }
  }
  return parsed;
}

export function planClaudeSettings(
  existing: string | undefined,
  file: string,
  options: TelemetryEnvOptions,
): ClaudeSettingsPlan {
  const settings = existing === undefined ? {} : parseClaudeSettings(existing, file);
  const env = { ...((settings.env as Record<string, string> | undefined) ?? {}) };
  const changes = claudeTelemetryEnv(options, env);
  const nextEnv: Record<string, string> = { ...env, ...changes.set };
  for (const name of changes.unset) delete nextEnv[name];
  const next: JsonObject = { ...settings, env: nextEnv };
  if (existing !== undefined && sameJson(settings, next)) return { text: existing, changes };
  return { text: formatLike(existing, next), changes };
}

/** The `"env": {…}` fragment to paste (--print): aimon's variables, with the file's resource attributes merged in. */
export function formatEnvBlock(changes: EnvChanges): string {
  const body = JSON.stringify({ env: changes.set }, null, 2);
  return body.slice(2, -2).replace(/^ {2}/gm, '');
}

/** JSON.stringify with the file's indentation (2 spaces when new), its BOM and its final newline. */
function formatLike(existing: string | undefined, value: JsonObject): string {
  const indent = existing === undefined ? '  ' : detectIndent(existing);
  const bom = existing?.startsWith('\uFEFF') ? '\uFEFF' : '';
  const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = existing === undefined || /\n$/.test(existing) ? eol : '';
  const body = JSON.stringify(value, null, indent);
  return bom + (eol === '\n' ? body : body.replace(/\n/g, eol)) + finalNewline;
}

function detectIndent(text: string): string {
  const match = /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(stripBom(text));
  return match?.[1] ?? '  ';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
