/**
 * Sharded runs against a real stack: shards run side by side as separate processes, each writing its own ledger,
 * and `aimon verify` merges the ledgers into one passing verdict. A ledger given twice, or one shard alone, is bad
 * input (exit 2, one line). The Kubernetes example (deploy/k8s/simulate-shards.yaml) is run as written, one shell
 * per completion index, with only what the cluster would provide replaced (endpoint, run id, ledger volume).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import { runCli, type CliResult } from '../support/live/cli.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(join(tmpdir(), 'aimon-shards-'));
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const verdict = (r: CliResult): string => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

/** `aimon verify --ledger …` against the test stack, with the verdict line only. */
function verifyLedgers(ledgers: string[]): Promise<CliResult> {
  return runCli(
    ['verify', ...ledgers.flatMap((l) => ['--ledger', l]), '--data-dir', stack.dataDir, '--quiet'],
    {
      timeoutMs: 240_000,
    },
  );
}

describe('sharded simulation, one verdict', () => {
  const a = (): string => join(dir, 'shard-1.json');
  const b = (): string => join(dir, 'shard-2.json');

  it('runs --shard 1/2 and --shard 2/2 at once, and verify --ledger a --ledger b passes', async () => {
    const shard = (i: number, ledger: string): Promise<CliResult> =>
      runCli([
        'simulate',
        '--scenario',
        'smoke',
        '--rate',
        '400/s',
        '--duration',
        '6s',
        '--shard',
        `${i}/2`,
        '--run-id',
        'shards-e2e',
        '--ledger',
        ledger,
        '--data-dir',
        stack.dataDir,
        '--quiet',
      ]);
    const [one, two] = await Promise.all([shard(1, a()), shard(2, b())]);
    expect(verdict(one)).toMatch(/^exit 0/);
    expect(verdict(two)).toMatch(/^exit 0/);
    const ledgers = await Promise.all([a(), b()].map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    // Each shard sent half the rate.
    for (const l of ledgers) {
      expect(l.rate.targetPerSec).toBe(200);
      expect(Math.abs(l.records.acknowledged - 1200)).toBeLessThanOrEqual(1);
    }
    const result = await verifyLedgers([a(), b()]);
    expect(verdict(result)).toMatch(
      /^exit 0\nPASSED: \d+ passed, 0 failed, 0 errored, \d+ skipped \(run shards-e2e\)/,
    );
  }, 300_000);

  it('refuses the same shard twice and a shard alone: one aimon: line, exit 2', async () => {
    const twice = await verifyLedgers([a(), a()]);
    expect(twice.code).toBe(2);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
    expect(twice.stderr).toContain(`aimon: ${a()} and ${a()} both cover partition 1 of 2 of run shards-e2e`);
    const alone = await verifyLedgers([b()]);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim()).toMatch(
      /^aimon: --ledger \S+shard-2\.json covers only part of run shards-e2e: partition 1\/2 missing/,
    );
  });

  it('runs the Kubernetes example as written, every completion index, and verifies its ledger directory', async () => {
    const manifest = parse(
      await readFile(join(projectRoot(), 'deploy', 'k8s', 'simulate-shards.yaml'), 'utf8'),
    ) as {
      kind: string;
      spec: {
        completionMode: string;
        completions: number;
        parallelism: number;
        template: {
          spec: {
            restartPolicy: string;
            containers: Array<{
              command: string[];
              args: string[];
              env: Array<{ name: string; value?: string }>;
            }>;
          };
        };
      };
    };
    expect(manifest.kind).toBe('Job');
    expect(manifest.spec.completionMode).toBe('Indexed');
    const pod = manifest.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const container = pod.containers[0]!;
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
    expect(Number(env.SHARDS)).toBe(manifest.spec.completions);
    expect(manifest.spec.parallelism).toBe(manifest.spec.completions);
    expect(container.command).toEqual(['sh', '-c']);

    // What the cluster provides, provided here: the collector's address, the Job's uid, the ledger volume. The
    // shards run for seconds instead of minutes; `aimon` on PATH is this checkout's package bin.
    const bin = await mkdtemp(join(tmpdir(), 'aimon-bin-'));
    await symlink(join(projectRoot(), 'bin', 'aimon.js'), join(bin, 'aimon'));
    const ledgerDir = join(dir, 'volume');
    const runId = 'a3f0c2de-5a8e-4b1f-9c7d-0e6b2f4a1c55';
    const podEnv = (index: number): NodeJS.ProcessEnv => ({
      ...process.env,
      ...env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      JOB_COMPLETION_INDEX: String(index),
      OTLP_ENDPOINT: stack.endpoints.otlpGrpc,
      RUN_ID: runId,
      LEDGER_DIR: ledgerDir,
      DURATION: '8s',
    });
    const runPod = (index: number): Promise<CliResult> =>
      new Promise((resolve, reject) => {
        const child = spawn(container.command[0]!, [...container.command.slice(1), ...container.args], {
          env: podEnv(index),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const pods = await Promise.all(
        Array.from({ length: manifest.spec.completions }, (_, index) => runPod(index)),
      );
      for (const p of pods) expect(verdict(p)).toMatch(/^exit 0/);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
    const files = (await readdir(join(ledgerDir, runId))).sort();
    expect(files).toEqual(
      Array.from({ length: manifest.spec.completions }, (_, i) => `shard-${i + 1}.json`).sort(),
    );
    const result = await verifyLedgers([join(ledgerDir, runId)]);
    expect(verdict(result)).toMatch(new RegExp(`^exit 0\\nPASSED: .* \\(run ${runId}\\)`));
  }, 300_000);

  it('runs two generator threads in one process, and verify passes on its one ledger', async () => {
    const ledger = join(dir, 'threads.json');
    const run = await runCli([
      'simulate',
      '--scenario',
      'smoke',
      '--rate',
      '400/s',
      '--duration',
      '6s',
      '--threads',
      '2',
      '--ledger',
      ledger,
      '--data-dir',
      stack.dataDir,
      '--quiet',
    ]);
    expect(verdict(run)).toMatch(/^exit 0/);
    const l = JSON.parse(await readFile(ledger, 'utf8'));
    expect(l.partitions).toEqual({ count: 2, indices: [0, 1] });
    expect(verdict(await verifyLedgers([ledger]))).toMatch(/^exit 0\nPASSED/);
  }, 300_000);
});
