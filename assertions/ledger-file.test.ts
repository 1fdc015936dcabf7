import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { readLedgerFile } from './ledger-file.js';

describe('readLedgerFile', () => {
  it('gives one-line UserErrors for a missing, non-JSON, foreign or untagged ledger', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-'));
    const write = async (name: string, text: string): Promise<string> => {
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    await expect(readLedgerFile(join(dir, 'absent.json'))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
    await expect(readLedgerFile(await write('a.json', 'nope'))).rejects.toThrow(/not JSON/);
    await expect(readLedgerFile(await write('b.json', '{"schema":"x"}'))).rejects.toThrow(
      /schema must be "aimon.ledger\/v1" \(got "x"\)/,
    );
    await expect(
      readLedgerFile(await write('c.json', '{"schema":"aimon.ledger/v1","runId":"r"}')),
    ).rejects.toThrow(/missing window, records/);
    const untagged = {
      schema: 'aimon.ledger/v1',
      runId: 'r',
      window: {},
      records: {},
      seq: {},
      eventCounts: {},
      breakdowns: [],
      metrics: [],
      runTags: false,
    };
    const error = await readLedgerFile(await write('d.json', JSON.stringify(untagged))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/--no-run-tags/);
  });
});
