import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerMetricSeries } from './types.js';
import { MetricSeriesWriter, readMetricSeries } from './metric-series-file.js';

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

describe('metric series file', () => {
  it('round-trips series and shares one resource object per resource', async () => {
    const path = join(dir, 'series.tsv');
    const writer = new MetricSeriesWriter(path);
    const r1 = { 'service.name': 'claude-code', 'user.id': 'u1' };
    const r2 = { 'service.name': 'claude-code', 'user.id': 'u2' };
    const written = Array.from({ length: 3000 }, (_, i) => series(i, i % 3 ? r1 : r2));
    written.forEach((s, i) => writer.add(i % 3 ? 2 : 4, s));
    writer.close();
    const read = await readMetricSeries(path);
    expect(read).toEqual(written);
    expect(read[1]!.resource).toBe(read[2]!.resource);
    expect((await readFile(path, 'utf8')).split('\n').filter((l) => l.startsWith('R\t'))).toHaveLength(2);
  });

  it('adds up the parts of a delta series that went quiet and came back', async () => {
    const path = join(dir, 'parts.tsv');
    const writer = new MetricSeriesWriter(path);
    const histogram = (value: number, buckets: number[]): LedgerMetricSeries => ({
      ...series(1, { 'service.name': 'codex' }),
      kind: 'histogram',
      value,
      count: buckets.reduce((a, b) => a + b, 0),
      bucketCounts: buckets,
      explicitBounds: [10],
    });
    writer.add(3, histogram(5, [1, 0]));
    writer.add(3, series(2, { 'service.name': 'codex' }));
    writer.add(3, histogram(30, [0, 2]));
    writer.close();
    const read = await readMetricSeries(path);
    expect(read).toHaveLength(2);
    expect(read[0]).toMatchObject({ value: 35, count: 3, bucketCounts: [1, 2] });
    expect(read[1]).toMatchObject({ value: 3 });
  });

  it('says which line is broken', async () => {
    const path = join(dir, 'broken.tsv');
    const writer = new MetricSeriesWriter(path);
    writer.add(2, series(1, {}));
    writer.close();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, `${await readFile(path, 'utf8')}S\t9\t{}\n`);
    await expect(readMetricSeries(path)).rejects.toThrow(/broken\.tsv:3: series of unknown resource 9/);
  });
});
