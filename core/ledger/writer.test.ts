import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunLedger } from './types.js';
import { writeLedgerFile } from './writer.js';

describe('ledger file writer', () => {
  it('writes JSON equal to the ledger, one metric series per line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-test-'));
    try {
      const path = join(dir, 'nested', 'ledger.json');
      const ledger = {
        schema: 'aimon.ledger/v1',
        runId: 'r1',
        scenario: undefined,
        eventCounts: { 'claude_code.api_request': 3 },
        metrics: Array.from({ length: 20_000 }, (_, i) => ({
          agent: 'claude_code',
          name: 'claude_code.token.usage',
          attributes: { 'session.id': `s${i}`, 'a\tb': 'tab\nnewline "quoted"' },
          resource: { 'service.name': 'claude-code' },
          value: i * 1.5,
        })),
        timeline: [],
      } as unknown as RunLedger;
      await writeLedgerFile(path, ledger);
      const text = await readFile(path, 'utf8');
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(ledger)));
      expect(text.split('\n').filter((l) => l.includes('"session.id"'))).toHaveLength(20_000);
      const empty = { ...ledger, metrics: [] } as RunLedger;
      await writeLedgerFile(path, empty);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(empty)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('replaces a ledger as a whole (a new file renamed over it) and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-test-'));
    try {
      const path = join(dir, 'ledger.json');
      await writeFile(path, 'an older ledger');
      const before = await stat(path);
      const ledger = { schema: 'aimon.ledger/v1', runId: 'r2', metrics: [] } as unknown as RunLedger;
      await writeLedgerFile(path, ledger);
      expect((await stat(path)).ino).not.toBe(before.ino);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(ledger);
      expect(await readdir(dir)).toEqual(['ledger.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a file system error is a one-line UserError naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-test-'));
    try {
      await writeFile(join(dir, 'file'), '');
      const path = join(dir, 'file', 'ledger.json');
      await expect(writeLedgerFile(path, { metrics: [] } as unknown as RunLedger)).rejects.toThrow(
        new RegExp(`^cannot write the ledger ${path}: E[A-Z]+: [^\\n]+$`),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
