import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { UserError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import { ARRIVAL_RATE_EXECUTORS, scenarioSchema, type Scenario } from './scenario-schema.js';

export interface LoadedScenario {
  /** Built-in name or the file path as given. */
  name: string;
  file: string;
  scenario: Scenario;
}

export function builtinScenarioDir(): string {
  return join(projectRoot(), 'scenarios', 'examples');
}

export async function listBuiltinScenarios(): Promise<LoadedScenario[]> {
  const dir = builtinScenarioDir();
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(files.map((f) => loadScenarioFile(join(dir, f), basename(f, extname(f)))));
}

/** A built-in name (smoke, team-steady, …) or a path to a YAML file. */
export async function loadScenario(nameOrFile: string): Promise<LoadedScenario> {
  const builtin = join(builtinScenarioDir(), `${nameOrFile}.yaml`);
  if (!nameOrFile.includes('/') && !/\.ya?ml$/.test(nameOrFile) && existsSync(builtin)) {
    return loadScenarioFile(builtin, nameOrFile);
  }
  if (!existsSync(nameOrFile)) {
    const names = (await readdir(builtinScenarioDir()))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => basename(f, '.yaml'));
    throw new UserError(
      `scenario "${nameOrFile}" is neither a built-in (${names.sort().join(', ')}) nor a file`,
    );
  }
  return loadScenarioFile(nameOrFile, nameOrFile);
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Parses and validates; every problem is one line: `<file>:<line>: <path> <what is wrong>`. */
/** A scenario is a few dozen lines; past this it is not one (and is not read into memory). */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

export async function loadScenarioFile(file: string, name: string): Promise<LoadedScenario> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`scenario ${file} is not a regular file`);
    if (info.size > MAX_SCENARIO_BYTES)
      throw new UserError(`scenario ${file} is ${info.size} bytes: more than a scenario's 1 MiB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read scenario ${file}: ${(error as Error).message}`);
  }
  return { name, file, scenario: parseScenario(text, displayPath(file)) };
}

/**
 * YAML aliases (`*name`) a scenario may hold. A few save repeating a model or tool map; an "alias bomb" (aliases of
 * aliases, each level multiplying the last) needs many, and would otherwise expand to gigabytes.
 */
export const MAX_YAML_ALIASES = 16;
/** yaml's own guard on the expansion (aliases resolved × aliases inside what they point at), as its default. */
const MAX_YAML_ALIAS_EXPANSION = 100;

export function parseScenario(text: string, where: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new UserError(`${where}:${line}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  if (doc.contents === null) {
    throw new UserError(
      `${where}:1: the scenario is empty (expected keys such as rate, duration and agents; see \`aimon scenarios show smoke\`)`,
    );
  }
  let aliases = 0;
  let tooManyAt: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      aliases++;
      if (aliases > MAX_YAML_ALIASES && tooManyAt === undefined) tooManyAt = node.range?.[0] ?? 0;
    },
  });
  if (tooManyAt !== undefined) {
    throw new UserError(
      `${where}:${lineCounter.linePos(tooManyAt).line}: too many YAML aliases (${aliases}; a scenario may use at most ${MAX_YAML_ALIASES})`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_EXPANSION });
  } catch (error) {
    // yaml throws ReferenceError for an alias expanding too far or one whose anchor comes later.
    const message = (error as Error).message.replace(/ indicates a resource exhaustion attack$/, '');
    throw new UserError(`${where}: invalid YAML: ${message}`);
  }
  const parsed = scenarioSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  // Point at the deepest node that exists (an unknown key's own line; a missing key's parent).
  let node: Node | undefined;
  let keyPath = path;
  if (issue.code === 'unrecognized_keys') keyPath = [...path, String(issue.keys[0])];
  for (let n = keyPath.length; n >= 0 && !node; n--) {
    const found = n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n), true);
    if (found && typeof found === 'object' && 'range' in found) node = found as Node;
    else if (n > 0 && issue.code === 'unrecognized_keys') {
      // For an unknown key, find the key node itself.
      const parent = n === 1 ? doc.contents : doc.getIn(keyPath.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (p) => String((p.key as { value?: unknown })?.value ?? p.key) === keyPath[n - 1],
        );
        if (pair && pair.key && typeof pair.key === 'object' && 'range' in pair.key) node = pair.key as Node;
      }
    }
    if (node && isSeq(node) && n < keyPath.length) break;
  }
  const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const field = fieldPath(keyPath) || '(top level)';
  let message = issue.message;
  const given = issue.path.length > 0 ? doc.getIn(issue.path as Array<string | number>) : value;
  if (issue.code === 'unrecognized_keys') message = 'is not a known key';
  else if (issue.path.length > 0 && given === undefined && issue.code !== 'custom') message = 'is missing';
  else if (issue.code === 'invalid_union' && 'discriminator' in issue)
    message = `"${String(given)}" is not an executor aimon runs (expected ${ARRIVAL_RATE_EXECUTORS.join(' or ')})`;
  message = message.replace(/^Invalid input: /, '');
  // A message that quotes the value reads as `field: "abc" is not a duration`.
  throw new UserError(`${where}:${line}: ${field}${message.startsWith('"') ? ': ' : ' '}${message}`);
}

/** `scenarios.spike.stages[1].duration`: keys joined with dots, indexes in brackets. */
export function fieldPath(path: readonly string[]): string {
  return path.reduce(
    (text, key) => (/^\d+$/.test(key) ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}
