import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLedger } from '../../core/ledger/index.js';
import { runCli } from '../support/live/cli.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

/**
 * A scenario file written the way k6 describes load: two named loads that overlap (steady from 0 s, a spike from
 * 1 s), each with its own agent and team mix, and k6-style thresholds over aimon's measurements. `aimon verify
 * --scenario file.yaml` runs it against a real native stack; a threshold that cannot hold fails the run (exit 1) and
 * the summary names it.
 */
const scenario = (thresholds: string): string => `name: k6-two-loads
seed: 29
scenarios:
  steady:
    executor: constant-arrival-rate
    rate: 300
    timeUnit: 1s
    duration: 3s
    preAllocatedVUs: 4
    agents: { claudeCode: { share: 1 } }
    teams: [web]
  spike:
    executor: ramping-arrival-rate
    startTime: 1s
    startRate: 0
    timeUnit: 1s
    preAllocatedVUs: 4
    stages:
      - { duration: 1s, target: 600 }
      - { duration: 1s, target: 0 }
    agents: { codex: { share: 1 } }
    teams: [data]
users: 6
concurrentSessions: 4
thresholds:
${thresholds}`;

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(join(tmpdir(), 'aimon-k6-e2e-'));
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const verify = (file: string, extra: string[]) =>
  runCli(['verify', '--no-start', '--data-dir', stack.dataDir, '--scenario', file, ...extra], {
    timeoutMs: 170_000,
  });

describe('aimon verify --scenario with a k6-style file', () => {
  it('runs two overlapping named loads, each as scheduled, and passes its thresholds', async () => {
    const file = join(dir, 'two-loads.yaml');
    await writeFile(
      file,
      scenario(`  lag_ms: ['p(99)<15000']
  missed: ['count==0']
  failed: ['rate<0.001']
  acknowledged: ['count==1500']
  ingest_rate: ['avg>100']
  dashboard_mismatches: ['count==0']
`),
    );
    const ledgerFile = join(dir, 'ledger.json');
    const result = await verify(file, [
      '--save-ledger',
      ledgerFile,
      '--json',
      join(dir, 'report.json'),
      '--junit',
      join(dir, 'junit.xml'),
    ]);
    if (result.code !== 0) process.stderr.write(`${result.stdout}\n${result.stderr}`);
    expect(result.code).toBe(0);
    // k6's end-of-run summary: every threshold ✓ with its measured value.
    expect(result.stdout).toContain('█ THRESHOLDS');
    expect(result.stdout).toContain("    missed\n    ✓ 'count==0' count=0");
    expect(result.stdout).toContain("    acknowledged\n    ✓ 'count==1500' count=1500");
    expect(result.stdout).toMatch(/ {4}lag_ms\n {4}✓ 'p\(99\)<15000' p\(99\)=\d+ms/);
    expect(result.stdout).toMatch(/ {4}dashboard_mismatches\n {4}✓ 'count==0' count=0/);
    expect(result.stdout).toMatch(/load: rate model; [\d,]+ sessions\/min and [\d,]+ metric series\/min/);
    expect(result.stdout).toMatch(/PASSED: \d+ passed, 0 failed, 0 errored/);

    // Each load built exactly its own arrivals: 300/s for 3 s; 0 → 600/s → 0 over 2 s from 1 s (600).
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as RunLedger;
    expect(ledger.load!.scenarios).toEqual([
      { name: 'steady', executor: 'constant-arrival-rate', startMs: 0, scheduled: 900 },
      { name: 'spike', executor: 'ramping-arrival-rate', startMs: 1000, scheduled: 600 },
    ]);
    // Each with its own mix: Claude Code from the steady load (team web), Codex from the spike (team data).
    const claudeEvents = Object.entries(ledger.eventCounts)
      .filter(([name]) => name.startsWith('claude_code.'))
      .reduce((s, [, n]) => s + n, 0);
    expect(claudeEvents).toBe(900);
    expect(ledger.records.acknowledged).toBe(1500);

    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {
      thresholds: Array<{ metric: string; status: string }>;
    };
    expect(report.thresholds.map((t) => `${t.metric}:${t.status}`)).toEqual([
      'lag_ms:passed',
      'missed:passed',
      'failed:passed',
      'acknowledged:passed',
      'ingest_rate:passed',
      'dashboard_mismatches:passed',
    ]);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="aimon.verify.thresholds" tests="6" failures="0" errors="0"');
  });

  it('a threshold that cannot hold fails the run with exit 1, and the summary names it', async () => {
    const file = join(dir, 'impossible.yaml');
    await writeFile(file, scenario(`  missed: ['count==0']\n  ingest_rate: ['avg>1e9']\n`));
    const result = await verify(file, ['--suites', 'load,throughput', '--save-ledger', join(dir, 'l2.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("    missed\n    ✓ 'count==0' count=0");
    expect(result.stdout).toMatch(/ {4}ingest_rate\n {4}✗ 'avg>1e9' avg=[\d.]+\n/);
    expect(result.stdout).toMatch(
      /FAIL thresholds\.ingest_rate\.1: ingest_rate 'avg>1e9' crossed: avg=[\d.]+/,
    );
    expect(result.stdout).toMatch(/FAILED: \d+ passed, 1 failed, 0 errored/);
  });

  it('a k6-style file with a bad stage is exit 2 before anything is sent, naming the field', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      scenario(`  missed: ['count==0']\n`).replace(
        '{ duration: 1s, target: 0 }',
        '{ duration: abc, target: 0 }',
      ),
    );
    const result = await verify(file, []);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`:20: scenarios.spike.stages[1].duration: "abc" is not a duration`);
    expect(result.stdout).toBe('');
  });
});
