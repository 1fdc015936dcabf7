import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerMetricSeries, RunLedger } from './ledger.js';
import { writeLedgerFile } from './ledger-file.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'aimon-ledger-test-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

function series(i: number, resource: Record<string, string>): LedgerMetricSeries {
  return {
    agent: 'claude_code',
    name: 'claude_code.token.usage',
    unit: 'tokens',
    kind: 'sum',
    temporality: 'delta',
    attributes: { 'session.id': `s${i}`, type: 'input', 'a\tb': 'tab\nnewline "quoted"' },
    resource,
    value: i * 1.5,
  };
}

describe('ledger file writer', () => {
  it('writes JSON equal to the ledger, one metric series per line', async () => {
    const path = join(dir, 'nested', 'ledger.json');
    const ledger = {
      schema: 'aimon.ledger/v1',
      runId: 'r1',
      scenario: undefined,
      eventCounts: { 'claude_code.api_request': 3 },
      metrics: Array.from({ length: 20_000 }, (_, i) => series(i, { 'service.name': 'claude-code' })),
      timeline: [],
    } as unknown as RunLedger;
    await writeLedgerFile(path, ledger);
    const text = await readFile(path, 'utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(ledger)));
    expect(text.split('\n').filter((l) => l.includes('"session.id"'))).toHaveLength(20_000);
    const empty = { ...ledger, metrics: [] } as RunLedger;
    await writeLedgerFile(path, empty);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(empty)));
  });
});
