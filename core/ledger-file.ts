/**
 * The ledger file: RunLedger as JSON, never built or read as one string, because a long run's ledger holds hundreds
 * of thousands of metric series, past what one V8 string can hold. Everything but `metrics` is indented as
 * JSON.stringify(_, 2) would; each metric series is one line, so a file of any size stays greppable and is read back
 * series by series.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from './errors.js';
import type { RunLedger } from './ledger.js';

const METRICS_OPEN = '  "metrics": [';
const METRICS_CLOSE = '  ]';
const CHUNK_CHARS = 1 << 20;

function* ledgerJsonChunks(ledger: RunLedger): Generator<string> {
  const entries = Object.entries(ledger).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'metrics' && Array.isArray(value) && value.length > 0) {
      yield `${METRICS_OPEN}\n`;
      let chunk = '';
      for (let j = 0; j < value.length; j++) {
        chunk += `    ${JSON.stringify(value[j])}${j < value.length - 1 ? ',' : ''}\n`;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}${METRICS_CLOSE}${comma}\n`;
    } else {
      const json = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      yield `  ${JSON.stringify(key)}: ${json}${comma}\n`;
    }
  }
  yield '}\n';
}

/** Writes the ledger; a file system error (no space, no permission) is a one-line UserError naming the file. */
export async function writeLedgerFile(path: string, ledger: RunLedger): Promise<void> {
  try {
    await writeLedgerStream(path, ledger);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UserError(`cannot write the ledger ${path}: ${(error as Error).message}`);
  }
}

async function writeLedgerStream(path: string, ledger: RunLedger): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw error as Error;
  });
  for (const chunk of ledgerJsonChunks(ledger)) {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/**
 * Parses a ledger file line by line. writeLedgerFile puts `metrics` one series per line, and a
 * long run's series add up to more than one string can hold, so each of those lines is parsed on its own and the
 * rest of the file as one small document. Any other layout of valid JSON parses the same, as a whole.
 */
export async function parseLedgerFile(path: string): Promise<RunLedger> {
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
  const ledger = JSON.parse(rest.join('\n')) as RunLedger;
  if (sawMetricLines && ledger && typeof ledger === 'object')
    ledger.metrics = metrics as RunLedger['metrics'];
  return ledger;
}
