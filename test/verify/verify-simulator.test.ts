import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../assertions/assertion.js';
import { CORE_SUITES } from '../../assertions/default-suites.js';
import { renderConsole } from '../../assertions/reporters/console-reporter.js';
import { verifyLedger, verifyLive } from '../../assertions/verify-session.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { projectRoot } from '../../core/paths.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
import { simulatedLoad } from '../support/live/simulated-load.js';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

function byId(results: AssertionResult[], id: string): AssertionResult {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no result ${id} among ${results.map((r) => r.id).join(', ')}`);
  return found;
}

const problems = (results: AssertionResult[]): AssertionResult[] =>
  results.filter((r) => r.status === 'failed' || r.status === 'errored');

describe('aimon verify with the real simulator on a fresh native stack', () => {
  let clean: RunLedger;

  it('passes every core suite for a clean run', async () => {
    const { report, ledger } = await verifyLive({
      endpoints: stack.endpoints,
      suites: CORE_SUITES,
      load: simulatedLoad(stack.endpoints, { rate: '1000/s', count: 4000 }),
    });
    clean = ledger;
    if (!report.passed) process.stderr.write(renderConsole(report));
    expect(problems(report.results)).toEqual([]);
    expect(report.lag!.count).toBeGreaterThan(0);
    expect(report.results.length).toBeGreaterThan(30);
  });

  it('reports exactly the withheld seq ranges as missing and the duplicated seqs by value', async () => {
    const { report, ledger } = await verifyLive({
      endpoints: stack.endpoints,
      suites: CORE_SUITES.filter((s) => s.id === 'completeness'),
      load: simulatedLoad(stack.endpoints, {
        rate: '1000/s',
        count: 3000,
        faultWithhold: '100-199,2047',
        faultDuplicate: '42,1500-1502',
      }),
      probeIntervalMs: 0,
      scrapesAfterExport: 0,
    });
    expect(ledger.seq.withheld).toEqual([
      [100, 199],
      [2047, 2047],
    ]);
    const seq = byId(report.results, 'completeness.seq');
    expect(seq.status).toBe('failed');
    expect(seq.detail).toBe(
      'missing seq 100-199 (100 records), 2047 (1 record); total 101; duplicated seq 42 ×2, 1500-1502 ×2; 4 extra records',
    );
    expect(byId(report.results, 'completeness.total').actual).toBe(String(3000 - 101 + 4));
  });

  it('names the wrong figure of a ledger edited by hand (event count, breakdown value, metric value)', async () => {
    const edited: RunLedger = structuredClone(clean);
    const eventName = Object.keys(edited.eventCounts).sort()[0]!;
    edited.eventCounts[eventName]! += 3;
    const breakdown = edited.breakdowns.find((b) => b.op === 'sum' && Object.keys(b.values).length > 1)!;
    const key = Object.keys(breakdown.values).sort()[0]!;
    breakdown.values[key] = breakdown.values[key]! + 1;
    const metric = edited.metrics.find((m) => m.kind === 'sum')!;
    metric.value += 5;

    const report = await verifyLedger(edited, { endpoints: stack.endpoints, suites: CORE_SUITES });
    // The user-queries suite also catches the edited counter (its increase() no longer matches), under each spelling.
    const userQueries = problems(report.results).filter((r) => r.suite === 'user-queries');
    expect(userQueries.length).toBeGreaterThan(0);
    for (const r of userQueries) expect(r.title).toContain(`(${metric.name})`);
    const failedIds = problems(report.results)
      .filter((r) => r.suite !== 'user-queries')
      .map((r) => r.id)
      .sort();
    expect(failedIds).toEqual(
      [
        `completeness.event.${eventName}`,
        'completeness.total',
        `content.${breakdown.id}`,
        `metrics.${metric.name}`,
      ].sort(),
    );
    expect(byId(report.results, `completeness.event.${eventName}`).detail).toBe(
      `${eventName}: expected ${edited.eventCounts[eventName]}, got ${clean.eventCounts[eventName]} (3 missing)`,
    );
    const content = byId(report.results, `content.${breakdown.id}`);
    expect(content.detail.split('; ')).toHaveLength(1);
    expect(content.detail).toContain(
      `expected ${breakdown.values[key]!.toPrecision(15).replace(/\.?0+$/, '')}`,
    );
    const metricResult = byId(report.results, `metrics.${metric.name}`);
    expect(metricResult.detail.split('; ')).toHaveLength(1);
    expect(metricResult.detail).toMatch(
      new RegExp(`value: expected ${metric.value}, got ${metric.value - 5}$`),
    );
  });

  it('the CLI passes a clean smoke run, writes JUnit/HTML/JSON and exits 1 when records are withheld', async () => {
    const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
    if (!existsSync(cli)) throw new Error('dist/cli/main.js missing: run npm run build first');
    const out = join(stack.dataDir, 'reports');
    const args = [
      'verify',
      '--no-start',
      '--data-dir',
      stack.dataDir,
      '--scenario',
      'smoke',
      '--duration',
      '5s',
      '--suites',
      'load,completeness,content,metrics,throughput,health',
    ];
    const ok = await run('node', [
      cli,
      ...args,
      '--junit',
      join(out, 'j.xml'),
      '--html',
      join(out, 'r.html'),
      '--json',
      join(out, 'r.json'),
    ]);
    expect(ok.stdout).toMatch(/PASSED: \d+ passed, 0 failed, 0 errored/);
    const junit = await readFile(join(out, 'j.xml'), 'utf8');
    const json = JSON.parse(await readFile(join(out, 'r.json'), 'utf8')) as { results: unknown[] };
    expect(junit.match(/<testcase /g)).toHaveLength(json.results.length);
    expect(existsSync(join(out, 'r.html'))).toBe(true);

    const bad = await run('node', [cli, ...args, '--fault-withhold', '10-19', '--quiet']).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED:/);
  });

  // Last: it breaks the stack.
  it('a wedged, then a stopped VictoriaLogs gives clear errored results in bounded time, not a hang', async () => {
    const vl = stack.state.components.find((c) => c.name === 'victoria-logs')!;
    const suites = CORE_SUITES.filter((s) => s.id === 'completeness' || s.id === 'content');
    process.kill(vl.pid, 'SIGSTOP');
    try {
      const report = await verifyLedger(clean, {
        endpoints: stack.endpoints,
        suites,
        backendTimeoutMs: 2000,
      });
      expect(report.passed).toBe(false);
      const queried = report.results.filter((r) => r.suite !== 'load');
      expect(queried.every((r) => r.status === 'errored')).toBe(true);
      expect(queried[0]!.detail).toMatch(
        /^VictoriaLogs: no answer from http:\/\/127\.0\.0\.1:\d+\/select\/logsql\/query within 2000 ms/,
      );
    } finally {
      process.kill(vl.pid, 'SIGCONT');
    }
    process.kill(vl.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const report = await verifyLedger(clean, { endpoints: stack.endpoints, suites });
    const content = report.results.filter((r) => r.suite === 'content');
    expect(content.every((r) => r.status === 'errored')).toBe(true);
    expect(content[0]!.detail).toMatch(
      /^VictoriaLogs: unreachable at http:\/\/127\.0\.0\.1:\d+\/select\/logsql\/query: .*ECONNREFUSED/,
    );
    expect(content[1]!.detail).toMatch(/^not checked: VictoriaLogs: unreachable/);
  });
});
