import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { readLedgerFile, readLedgerFiles, validateLedger } from './reader.js';
import type { RunLedger } from './types.js';
import { writeLedgerFile } from './writer.js';

/** A small but complete ledger, as simulate writes it. */
function ledger(overrides: Partial<RunLedger> = {}): RunLedger {
  return {
    schema: 'aimon.ledger/v1',
    runId: 'r',
    seed: 1,
    scenario: 'smoke',
    protocol: 'http',
    endpoint: 'http://127.0.0.1:4318',
    runTags: true,
    temporality: 'delta',
    promptsLogged: false,
    window: { startMs: 1, endMs: 2 },
    rate: { targetPerSec: 10, achievedPerSec: 9.5 },
    records: { scheduled: 1, sent: 1, acknowledged: 1, failed: 0, missed: 0, withheld: 0, duplicated: 0 },
    seq: { first: 0, last: 0, expected: [[0, 0]], failed: [], withheld: [], duplicated: [] },
    eventCounts: { 'claude_code.api_request': 1 },
    breakdowns: [],
    sessions: { claude_code: 1, codex: 0 },
    users: { claude_code: 1, codex: 0 },
    metrics: Array.from({ length: 500 }, (_, i) => ({
      agent: 'claude_code' as const,
      name: 'claude_code.cost.usage',
      unit: 'USD',
      kind: 'sum' as const,
      temporality: 'delta' as const,
      attributes: { 'session.id': `s${i}`, note: '  ],\n  "metrics": [' },
      resource: { 'service.name': 'claude-code' },
      value: i / 3,
    })),
    timeline: [{ second: 1, scheduled: 1, sent: 1, acknowledged: 1, failed: 0, missed: 0 }],
    ...overrides,
  };
}

async function scratch(): Promise<(name: string, text: string) => Promise<string>> {
  const dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-'));
  return async (name, text) => {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
}

describe('readLedgerFile', () => {
  it('gives one-line UserErrors for a missing, non-JSON, foreign, incomplete or untagged ledger', async () => {
    const write = await scratch();
    const absent = join(tmpdir(), 'aimon-no-such-dir', 'absent.json');
    await expect(readLedgerFile(absent)).rejects.toThrow(/cannot read the file \(ENOENT\)/);
    await expect(readLedgerFile(await write('a.json', 'nope'))).rejects.toThrow(/not JSON/);
    await expect(readLedgerFile(await write('b.json', '{"schema":"x"}'))).rejects.toThrow(
      /schema must be "aimon.ledger\/v1" \(got "x"\)/,
    );
    await expect(readLedgerFile(await write('b2.json', '[1]'))).rejects.toThrow(/schema must be/);
    await expect(
      readLedgerFile(await write('c.json', '{"schema":"aimon.ledger/v1","runId":"r"}')),
    ).rejects.toThrow(/missing runTags, window, records, seq, eventCounts, breakdowns, metrics$/);
    const error = await readLedgerFile(
      await write('d.json', JSON.stringify(ledger({ runTags: false }))),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/--no-run-tags/);
  });

  it('names the first field of a wrong type, by its path', async () => {
    const write = await scratch();
    const cases: Array<[unknown, RegExp]> = [
      [{ ...ledger(), records: { ...ledger().records, sent: '1' } }, /: records\.sent: .*expected number/],
      [{ ...ledger(), seq: { ...ledger().seq, expected: [[0]] } }, /: seq\.expected\[0\]/],
      [{ ...ledger(), metrics: [{ name: 'x', attributes: {}, resource: {} }] }, /: metrics\[0\]\.value: /],
      [{ ...ledger(), protocol: 'carrier-pigeon' }, /: protocol: /],
      [{ ...ledger(), window: { startMs: 1 } }, /: window\.endMs: /],
    ];
    for (const [value, message] of cases) {
      const path = await write('bad.json', JSON.stringify(value));
      const error = await readLedgerFile(path).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/^--ledger .*bad\.json: /);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads what simulate writes (one series per line) and any other JSON layout, equal to the ledger', async () => {
    const write = await scratch();
    const streamed = await write('streamed.json', '');
    await writeLedgerFile(streamed, ledger());
    expect(await readLedgerFile(streamed)).toEqual(ledger());
    const compact = await write('compact.json', JSON.stringify(ledger()));
    expect(await readLedgerFile(compact)).toEqual(ledger());
    const broken = await write('broken.json', (await readFile(streamed, 'utf8')).replace('"s7"', '"s7'));
    await expect(readLedgerFile(broken)).rejects.toThrow(/not JSON/);
  });

  it('reads the smallest ledger an older aimon (or a hand-built run) writes: optional fields may be absent', () => {
    const {
      seed: _seed,
      protocol: _protocol,
      endpoint: _endpoint,
      temporality: _temporality,
      promptsLogged: _promptsLogged,
      rate: _rate,
      sessions: _sessions,
      users: _users,
      timeline: _timeline,
      ...minimal
    } = ledger({ metrics: [] });
    expect(validateLedger(minimal, 'x')).toBe(minimal);
    const future = { ...ledger(), addedLater: { anything: true } };
    expect(validateLedger(future, 'x')).toBe(future);
  });
});

describe('readLedgerFiles', () => {
  it("merges a directory's shard ledgers and refuses a missing shard", async () => {
    const write = await scratch();
    const part = (index: number, seq: number): RunLedger =>
      ledger({
        metrics: [],
        seq: { first: seq, last: seq, expected: [[seq, seq]], failed: [], withheld: [], duplicated: [] },
        partitions: { count: 2, indices: [index] },
      });
    const a = await write('run/a.json', JSON.stringify(part(0, 0)));
    await write('run/b.json', JSON.stringify(part(1, 1)));
    await write('run/notes.txt', 'not a ledger');
    const read = await readLedgerFiles([join(a, '..')]);
    expect(read.files.map((f) => f.slice(-6))).toEqual(['a.json', 'b.json']);
    expect(read.ledger.seq.expected).toEqual([[0, 1]]);
    expect(read.ledger.records.sent).toBe(2);
    await expect(readLedgerFiles([a])).rejects.toThrow(/covers only part of run r: partition 2\/2 missing/);
    const empty = await write('empty/notes.txt', 'no ledger here');
    await expect(readLedgerFiles([join(empty, '..')])).rejects.toThrow(/holds no \*\.json ledger/);
  });
});
