import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import type { RunLedger } from '../core/ledger.js';
import { writeLedgerFile } from '../core/ledger-file.js';
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

  it('reads what simulate writes (one series per line) and any other JSON layout, equal to the ledger', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-'));
    const ledger = {
      schema: 'aimon.ledger/v1',
      runId: 'r',
      runTags: true,
      window: { startMs: 1, endMs: 2 },
      records: { sent: 1 },
      seq: { first: 0, last: 0 },
      eventCounts: { 'claude_code.api_request': 1 },
      breakdowns: [],
      metrics: Array.from({ length: 500 }, (_, i) => ({
        agent: 'claude_code',
        name: 'claude_code.cost.usage',
        attributes: { 'session.id': `s${i}`, note: '  ],\n  "metrics": [' },
        resource: { 'service.name': 'claude-code' },
        value: i / 3,
      })),
      timeline: [{ second: 1, sent: 1 }],
    } as unknown as RunLedger;
    const streamed = join(dir, 'streamed.json');
    await writeLedgerFile(streamed, ledger);
    expect(await readLedgerFile(streamed)).toEqual(ledger);
    const compact = join(dir, 'compact.json');
    await writeFile(compact, JSON.stringify(ledger));
    expect(await readLedgerFile(compact)).toEqual(ledger);
    const { readFile } = await import('node:fs/promises');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, (await readFile(streamed, 'utf8')).replace('"s7"', '"s7'));
    await expect(readLedgerFile(broken)).rejects.toThrow(/not JSON/);
  });
});
