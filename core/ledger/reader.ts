/**
 * Reading ledgers back: a file written by `aimon simulate --ledger FILE` (or any JSON layout of one), validated
 * against ledger-schema.ts, and the shards' files of one run merged into the run's (merge.ts). Every problem is a
 * one-line UserError naming the file, so the CLI prints it as `aimon: …` and exits 2.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import { METRICS_CLOSE, METRICS_OPEN } from './file-layout.js';
import { ledgerSchema, REQUIRED_LEDGER_FIELDS } from './ledger-schema.js';
import { mergeLedgers, requireWholeRun } from './merge.js';
import type { RunLedger } from './types.js';

/**
 * Parses a ledger file line by line, without validating it. writeLedgerFile puts `metrics` one series per line, and
 * a long run's series add up to more than one string can hold, so each of those lines is parsed on its own and the
 * rest of the file as one small document. Any other layout of valid JSON parses the same, as a whole.
 */
export async function parseLedgerFile(path: string): Promise<unknown> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const rest: string[] = [];
  const metrics: unknown[] = [];
  let inMetrics = false;
  let sawMetricLines = false;
  for await (const line of lines) {
    if (inMetrics) {
      if (line === METRICS_CLOSE || line === `${METRICS_CLOSE},`) {
        inMetrics = false;
        rest.push(`${METRICS_OPEN}]${line.endsWith(',') ? ',' : ''}`);
      } else metrics.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
    } else if (line === METRICS_OPEN) {
      inMetrics = sawMetricLines = true;
    } else rest.push(line);
  }
  const ledger = JSON.parse(rest.join('\n')) as unknown;
  if (sawMetricLines && ledger && typeof ledger === 'object')
    (ledger as { metrics: unknown }).metrics = metrics;
  return ledger;
}

/** Checks parsed JSON is a ledger aimon can verify; `shown` names it in the UserError (e.g. "--ledger a.json"). */
export function validateLedger(value: unknown, shown: string): RunLedger {
  const object = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || object.schema !== 'aimon.ledger/v1') {
    throw new UserError(`${shown}: schema must be "aimon.ledger/v1" (got ${JSON.stringify(object.schema)})`);
  }
  const missing = REQUIRED_LEDGER_FIELDS.filter((key) => object[key] === undefined);
  if (missing.length > 0) throw new UserError(`${shown}: missing ${missing.join(', ')}`);
  const parsed = ledgerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new UserError(`${shown}: ${at.replace(/^\./, '')}: ${issue.message} (not a ledger aimon wrote?)`);
  }
  if (!object.runTags)
    throw new UserError(`${shown}: the run was sent with --no-run-tags, so its records cannot be told apart`);
  // The validated value is the parsed one, unchanged: zod's loose objects keep every field.
  return value as RunLedger;
}

/** Reads a ledger written by `aimon simulate --ledger FILE`; a bad file is a one-line UserError. */
export async function readLedgerFile(path: string): Promise<RunLedger> {
  const shown = `--ledger ${path}`;
  let parsed: unknown;
  try {
    parsed = await parseLedgerFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UserError(`${shown}: cannot read the file (${code})`);
    throw new UserError(`${shown}: not JSON (expected a ledger written by aimon simulate --ledger)`);
  }
  return validateLedger(parsed, shown);
}

export interface LedgerFiles {
  /** The run's ledger: the one file's, or the shards' merged. */
  ledger: RunLedger;
  files: string[];
  /** Newest modification time among the files (each is written when its shard has finished). */
  lastWrittenMs: number;
}

/**
 * `--ledger a.json --ledger b.json …` or `--ledger DIR` (every *.json in it): the ledgers of one run's shards,
 * merged into one (merge.ts). Ledgers of different runs, overlapping shards or a missing shard are a one-line
 * UserError.
 */
export async function readLedgerFiles(paths: readonly string[]): Promise<LedgerFiles> {
  const files: string[] = [];
  let lastWrittenMs = 0;
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UserError(
        `--ledger ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    if (info.isDirectory()) {
      const inDir = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
      if (inDir.length === 0) throw new UserError(`--ledger ${path}: the directory holds no *.json ledger`);
      for (const name of inDir) {
        files.push(join(path, name));
        lastWrittenMs = Math.max(lastWrittenMs, (await stat(join(path, name))).mtimeMs);
      }
    } else {
      files.push(path);
      lastWrittenMs = Math.max(lastWrittenMs, info.mtimeMs);
    }
  }
  const parts = [];
  for (const file of files) parts.push({ ledger: await readLedgerFile(file), source: file });
  const ledger = mergeLedgers(parts);
  requireWholeRun(ledger, files.length === 1 ? `--ledger ${files[0]}` : `the ledgers ${files.join(' and ')}`);
  return { ledger, files, lastWrittenMs };
}
