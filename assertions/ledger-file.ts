import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../core/errors.js';
import type { RunLedger } from '../core/ledger.js';

const REQUIRED: ReadonlyArray<keyof RunLedger> = [
  'runId',
  'window',
  'records',
  'seq',
  'eventCounts',
  'breakdowns',
  'metrics',
];

const METRICS_OPEN = '  "metrics": [';

/**
 * Parses a ledger file line by line. simulate writes `metrics` one series per line (ledger-file-writer.ts), and a
 * long run's series add up to more than one string can hold, so each of those lines is parsed on its own and the
 * rest of the file as one small document. Any other layout of valid JSON parses the same, as a whole.
 */
async function parseLedgerLines(path: string): Promise<RunLedger> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const rest: string[] = [];
  const metrics: unknown[] = [];
  let inMetrics = false;
  let sawMetricLines = false;
  for await (const line of lines) {
    if (inMetrics) {
      if (line === '  ]' || line === '  ],') {
        inMetrics = false;
        rest.push(`  "metrics": []${line.endsWith(',') ? ',' : ''}`);
      } else metrics.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
    } else if (line === METRICS_OPEN) {
      inMetrics = sawMetricLines = true;
    } else rest.push(line);
  }
  const ledger = JSON.parse(rest.join('\n')) as RunLedger;
  if (sawMetricLines && ledger && typeof ledger === 'object')
    ledger.metrics = metrics as RunLedger['metrics'];
  return ledger;
}

/** Reads a ledger written by `aimon simulate --ledger FILE`; a bad file is a one-line UserError. */
export async function readLedgerFile(path: string): Promise<RunLedger> {
  let ledger: RunLedger;
  try {
    ledger = await parseLedgerLines(path);
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
