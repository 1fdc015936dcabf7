import { UserError } from '../core/errors.js';
import type { RunLedger } from '../core/ledger.js';
import { parseLedgerFile } from '../core/ledger-file.js';

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
