import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulate, startStack, verify, type RunningStack } from 'aimon';

let stack: RunningStack;
let dataDir: string;

beforeAll(async () => {
  // A native stack (collector, VictoriaLogs, Prometheus) of its own: temporary data dir, free ports.
  dataDir = await mkdtemp(join(tmpdir(), 'aimon-example-'));
  stack = await startStack({ dataDir, ports: 'free' });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('the pipeline stores every event and every number', async () => {
  const run = await simulate({
    scenario: 'smoke',
    ratePerSec: 200,
    durationMs: 5_000,
    target: stack.targets.otlp,
  });
  expect(run.exitCode).toBe(0);
  expect(run.ledger.records.acknowledged).toBe(1_000);

  const report = await verify({ ledger: run.ledger, targets: stack.targets });
  const problems = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
  expect(problems.map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
  expect(report.passed).toBe(true);
}, 180_000);
