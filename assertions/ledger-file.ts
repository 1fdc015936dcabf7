import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { RunLedger } from '../core/ledger.js';
import { parseLedgerFile } from '../core/ledger-file.js';
import { mergeLedgers, requireWholeRun } from '../core/ledger-merge.js';

const REQUIRED: ReadonlyArray<keyof RunLedger> = [
  'runId',
  'window',
  'records',
  'seq',
  'eventCounts',
  'breakdowns',
  'metrics',
];

/** Reads a ledger written by `aimon simulate --ledger FILE`; a bad file is a one-line UserError. */
export async function readLedgerFile(path: string): Promise<RunLedger> {
  let ledger: RunLedger;
  try {
    ledger = await parseLedgerFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UserError(`--ledger ${path}: cannot read the file (${code})`);
    throw new UserError(`--ledger ${path}: not JSON (expected a ledger written by aimon simulate --ledger)`);
  }
  if (ledger?.schema !== 'aimon.ledger/v1') {
    throw new UserError(
      `--ledger ${path}: schema must be "aimon.ledger/v1" (got ${JSON.stringify(ledger?.schema)})`,
    );
  }
  const missing = REQUIRED.filter((key) => ledger[key] === undefined);
  if (missing.length > 0) throw new UserError(`--ledger ${path}: missing ${missing.join(', ')}`);
  if (!ledger.runTags)
    throw new UserError(
      `--ledger ${path}: the run was sent with --no-run-tags, so its records cannot be told apart`,
    );
  return ledger;
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
 * merged into one (core/ledger-merge.ts). Ledgers of different runs, overlapping shards or a missing shard are a
 * one-line UserError.
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
