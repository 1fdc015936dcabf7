/**
 * Writes a RunLedger as JSON without building it as one string: a long run's ledger holds hundreds of thousands of
 * metric series, past what one V8 string can hold. Everything but `metrics` is indented as JSON.stringify(_, 2)
 * would; each metric series is one line, so a file of any size stays greppable.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunLedger } from '../../core/ledger.js';

const CHUNK_CHARS = 1 << 20;

function* ledgerJsonChunks(ledger: RunLedger): Generator<string> {
  const entries = Object.entries(ledger).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'metrics' && Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      let chunk = '';
      for (let j = 0; j < value.length; j++) {
        chunk += `    ${JSON.stringify(value[j])}${j < value.length - 1 ? ',' : ''}\n`;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}  ]${comma}\n`;
    } else {
      const json = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      yield `  ${JSON.stringify(key)}: ${json}${comma}\n`;
    }
  }
  yield '}\n';
}

export async function writeLedgerFile(path: string, ledger: RunLedger): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw error as Error;
  });
  const write = async (): Promise<void> => {
    for (const chunk of ledgerJsonChunks(ledger)) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  };
  await write();
}
