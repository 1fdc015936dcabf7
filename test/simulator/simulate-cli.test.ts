/** The built CLI (`node dist/cli/main.js simulate …`) against a real local OTLP sink: exit codes and the ledger. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLedger } from '../../core/ledger.js';
import { findFreePort } from '../../core/ports.js';
import { projectRoot } from '../../core/paths.js';
import { startOtlpSink, type OtlpSink } from '../helpers/otlp-sink.js';

const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
function aimon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let sink: OtlpSink;
let dir: string;
beforeAll(async () => {
  sink = await startOtlpSink();
  dir = await mkdtemp(join(tmpdir(), 'aimon-cli-'));
});
afterAll(async () => sink.close());

describe('aimon simulate (built CLI)', () => {
  it('sends --count N, exits 0 and writes a complete ledger', async () => {
    const ledgerFile = join(dir, 'ledger.json');
    const run = await aimon([
      'simulate',
      '--count',
      '1000',
      '--rate',
      '2000/s',
      '--endpoint',
      sink.grpcEndpoint,
      '--run-id',
      'cli-ok',
      '--seed',
      '3',
      '--ledger',
      ledgerFile,
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as RunLedger;
    expect(ledger).toMatchObject({
      schema: 'aimon.ledger/v1',
      runId: 'cli-ok',
      seed: 3,
      protocol: 'grpc',
      runTags: true,
      temporality: 'delta',
    });
    expect(ledger.records).toMatchObject({
      scheduled: 1000,
      sent: 1000,
      acknowledged: 1000,
      failed: 0,
      missed: 0,
    });
    expect(ledger.seq.expected).toEqual([[0, 999]]);
    expect(Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(ledger.breakdowns.length).toBeGreaterThan(0);
    expect(ledger.metrics.length).toBeGreaterThan(0);
    expect(ledger.timeline.reduce((a, p) => a + p.acknowledged, 0)).toBe(1000);
    expect(sink.run('cli-ok')).toMatchObject({ unique: 1000, duplicateRecords: 0 });
  });

  it('prints JSON with --json over HTTP', async () => {
    const run = await aimon([
      'simulate',
      '--count',
      '200',
      '--rate',
      'max',
      '--protocol',
      'http',
      '--endpoint',
      sink.httpEndpoint,
      '--run-id',
      'cli-json',
      '--json',
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      exitCode: 0,
      ledger: { runId: 'cli-json', records: { acknowledged: 200 } },
    });
  });

  it('fails fast with exit 3 and one line when nothing answers at the start', async () => {
    const port = await findFreePort();
    const ledgerFile = join(dir, 'down.json');
    const started = Date.now();
    const run = await aimon([
      'simulate',
      '--count',
      '100',
      '--rate',
      'max',
      '--endpoint',
      `127.0.0.1:${port}`,
      '--ledger',
      ledgerFile,
      '--quiet',
    ]);
    expect(run.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000); // not after --retry-for's 60 s
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^aimon: nothing answers at grpc 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED`),
    );
    await expect(readFile(ledgerFile, 'utf8')).rejects.toThrow(/ENOENT/); // nothing was sent
  });

  it('rejects bad input with one line and exit 2', async () => {
    const run = await aimon(['simulate', '--rate', 'abc/s']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'aimon: --rate "abc/s" is not a rate (expected e.g. 500/s, 30/m, 2/h or max)',
    );
    const bad = await aimon(['simulate', '--fault-withhold', '9-3', '--endpoint', sink.grpcEndpoint]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fault-withhold "9-3" is not a list of seq ranges');
  });

  it('lists and shows scenarios', async () => {
    const list = await aimon(['scenarios', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toContain('smoke');
    const show = await aimon(['scenarios', 'show', 'nope']);
    expect(show.code).toBe(2);
  });
});
