import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../stack/process/background-process.js';
import type { StackStatus } from '../../stack/stack-status.js';
import { runCli } from '../support/live/cli.js';
import { componentPids, metricValue } from '../support/live/durability.js';
import { healStack, waitUntilDead } from '../support/live/faults.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

/** One exporter's counter from a collector's own metrics page. */
async function exporterCounter(url: string, name: string, exporter: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`exporter="${exporter}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Issue 13 §1: `aimon stack up --topology cluster` runs VictoriaLogs in its cluster roles (2 storage nodes, an insert
 * and a select node) and two collectors behind a front one, and every suite passes on it as on the single topology.
 */
describe('cluster topology: up, verified, healed, down', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ topology: 'cluster', storageNodes: 2 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function status(): Promise<StackStatus> {
    const result = await runCli(['stack', 'status', '--json', '--data-dir', stack.dataDir]);
    return JSON.parse(result.stdout) as StackStatus;
  }

  it('stack status shows every process with its role, all healthy', async () => {
    const s = await status();
    expect(s.topology).toBe('cluster');
    expect(s.components.map((c) => c.name)).toEqual([
      'vlstorage-0',
      'vlstorage-1',
      'vlinsert',
      'vlselect',
      'collector-0',
      'collector-1',
      'collector-front',
      ...s.components.slice(7).map((c) => c.name),
    ]);
    expect(s.components.slice(7).map((c) => c.name)).toContain('prometheus');
    for (const c of s.components) {
      expect(c.healthy, `${c.name} healthy`).toBe(true);
      expect(c.role.length, `${c.name} has a role`).toBeGreaterThan(0);
    }
    expect(s.components.find((c) => c.name === 'vlselect')!.role).toMatch(/select node/);
    // Queries go to the select node; collectors write to the insert node; each storage node has its own data dir.
    expect(s.endpoints?.victoriaLogs).toBe(`http://127.0.0.1:${stack.ports.victoriaLogs}`);
    expect(s.endpoints?.victoriaLogsInsert).not.toBe(s.endpoints?.victoriaLogs);
    const logFiles = await Promise.all(
      ['vlstorage-0', 'vlstorage-1'].map((n) => readFile(`${stack.dataDir}/logs/${n}.log`, 'utf8')),
    );
    expect(logFiles).toHaveLength(2);
    const table = await runCli(['stack', 'status', '--data-dir', stack.dataDir]);
    expect(table.stdout).toContain('cluster topology');
    expect(table.stdout).toContain('vlstorage-1');
  });

  it('`aimon verify` (smoke, 10 s) passes every suite, dashboards included; both collectors took a share', async () => {
    const result = await runCli(
      [
        'verify',
        '--scenario',
        'smoke',
        '--duration',
        '10s',
        '--no-start',
        '--data-dir',
        stack.dataDir,
        '--quiet',
      ],
      { timeoutMs: 150_000 },
    );
    expect(result.stdout + result.stderr).toMatch(/PASSED: \d+ passed, 0 failed, 0 errored/);
    expect(result.code).toBe(0);
    const [front, c0, c1] = stack.endpoints.collectorsMetrics!;
    const toBackend = await Promise.all(
      [0, 1].map((i) =>
        exporterCounter(front!, 'otelcol_exporter_sent_log_records_total', `otlphttp/logs-${i}`),
      ),
    );
    console.log(JSON.stringify({ logRecordsToCollector: toBackend }));
    // The split is by session (last hex digit of session.id / conversation.id): each backend gets about half.
    const total = toBackend[0]! + toBackend[1]!;
    for (const share of toBackend) expect(share / total).toBeGreaterThan(0.3);
    expect(await metricValue(c0!, 'otelcol_receiver_accepted_log_records_total')).toBe(toBackend[0]);
    expect(await metricValue(c1!, 'otelcol_receiver_accepted_log_records_total')).toBe(toBackend[1]);
    // Both storage nodes hold rows.
    for (const url of stack.endpoints.victoriaLogsStorage!)
      expect(await metricValue(`${url}/metrics`, 'vl_rows_ingested_total')).toBeGreaterThan(0);
  });

  it('the front collector keys the split: session.id, else conversation.id, by its last hex digit', async () => {
    const [, c0, c1] = stack.endpoints.collectorsMetrics!;
    const accepted = (): Promise<number[]> =>
      Promise.all([c0!, c1!].map((u) => metricValue(u, 'otelcol_receiver_accepted_log_records_total')));
    const before = await accepted();
    const record = (attributes: Record<string, string>) => ({
      timeUnixNano: String(Date.now() * 1e6),
      body: { stringValue: 'aimon.cluster_split' },
      attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: { stringValue: v } })),
    });
    const records = [
      // collector-0: last digit 0-7, or no key at all
      record({ 'session.id': '3f2c0a9e-1b7d-4c1e-9a55-00000000000' + '7' }),
      record({ 'conversation.id': '0199a1b2-c3d4-7e5f-8a9b-0123456789a' + '2' }),
      record({ 'user.id': 'no-session' }),
      // collector-1: last digit 8-f (session.id wins over conversation.id)
      record({ 'session.id': '3f2c0a9e-1b7d-4c1e-9a55-00000000000f', 'conversation.id': 'x-0' }),
      record({ 'conversation.id': '0199a1b2-c3d4-7e5f-8a9b-0123456789a8' }),
    ];
    const response = await fetch(`${stack.endpoints.otlpHttp}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [] },
            scopeLogs: [{ scope: { name: 'aimon.test' }, logRecords: records }],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const deadline = Date.now() + 15_000;
    let after = await accepted();
    while (after[0]! + after[1]! - before[0]! - before[1]! < 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      after = await accepted();
    }
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([3, 2]);
  });

  it('stack up on a running cluster restarts only dead processes (a storage node and a collector)', async () => {
    const before = await componentPids(stack.dataDir);
    for (const name of ['vlstorage-1', 'collector-1']) {
      process.kill(before[name]!, 'SIGKILL');
      await waitUntilDead(before[name]!);
    }
    await healStack(stack);
    const after = await componentPids(stack.dataDir);
    for (const [name, pid] of Object.entries(after)) {
      expect(isProcessAlive(pid), `${name} runs`).toBe(true);
      if (name === 'vlstorage-1' || name === 'collector-1') expect(pid).not.toBe(before[name]);
      else expect(pid, `${name} kept its pid`).toBe(before[name]);
    }
    expect((await status()).healthy).toBe(true);
  });

  it('a different topology on a running cluster is refused with exit 2', async () => {
    const result = await runCli([
      'stack',
      'up',
      '--native',
      '--topology',
      'single',
      '--data-dir',
      stack.dataDir,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aimon: a cluster of 2 storage nodes is recorded in .*stack down/m);
    const bad = await runCli(['stack', 'up', '--topology', 'mesh', '--data-dir', stack.dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--topology "mesh" is not a topology/);
  });

  it('stack down stops every process', async () => {
    const pids = Object.values(await componentPids(stack.dataDir));
    expect(pids.length).toBeGreaterThanOrEqual(8);
    const result = await runCli(['stack', 'down', '--data-dir', stack.dataDir]);
    expect(result.code).toBe(0);
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
    expect((await status()).running).toBe(false);
  });
});
