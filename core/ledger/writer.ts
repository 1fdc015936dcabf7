/**
 * The ledger file: RunLedger as JSON, never built or read as one string, because a long run's ledger holds hundreds
 * of thousands of metric series, past what one V8 string can hold. Everything but `metrics` is indented as
 * JSON.stringify(_, 2) would; each metric series is one line, so a file of any size stays greppable and is read back
 * series by series.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { METRICS_CLOSE, METRICS_OPEN } from './file-layout.js';
import type { RunLedger } from './types.js';

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

/**
 * Writes the ledger atomically: into a temporary file beside `path`, renamed over it once complete, so a reader (a
 * verify of a sharded run's directory) never sees half a ledger. Where the directory cannot take a new file but
 * `path` itself is writable, it is written in place. A file system error (no space, no permission) is a one-line
 * UserError naming the file.
 */
export async function writeLedgerFile(path: string, ledger: RunLedger): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeLedgerStream(temporary, ledger);
    } catch (error) {
      await rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM') throw error;
      await writeLedgerStream(path, ledger);
      return;
    }
    await rename(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UserError(`cannot write the ledger ${path}: ${(error as Error).message}`);
  }
}

async function writeLedgerStream(path: string, ledger: RunLedger): Promise<void> {
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
