import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopProcess } from '../../../stack/process/background-process.js';
import { runCli } from './cli.js';
import {
  componentPid,
  metricValue,
  settleAndReport,
  sleep,
  startSimulation,
  type LossReport,
} from './durability.js';
import type { TestStack } from './test-stack.js';

const exec = promisify(execFile);

export interface FaultRun extends LossReport {
  fault: string;
  /** The run's ledger (for verifyLedger). */
  ledgerPath: string;
  /** Records the simulator could not get acknowledged (refused or unreachable): not expected anywhere. */
  simulatorExit: number | null;
  /** Largest persistent-queue size seen during the run, bytes. */
  maxQueueBytes: number;
  enqueueFailed: number;
  seconds: number;
}

type Stack = Pick<TestStack, 'endpoints' | 'dataDir'>;

/** `aimon stack up` on the stack's data dir, as a user heals it; throws with its output when it fails. */
export async function healStack(stack: Stack): Promise<void> {
  const result = await runCli(['stack', 'up', '--native', '--data-dir', stack.dataDir], {
    timeoutMs: 90_000,
  });
  if (result.code !== 0) throw new Error(`stack up exited ${result.code}: ${result.stderr}`);
}

/** Polls the collector's queue size while a run goes on; returns a stop function giving the maximum seen. */
function watchQueue(stack: Stack): () => number {
  let max = 0;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      try {
        max = Math.max(
          max,
          await metricValue(stack.endpoints.collectorMetrics, 'otelcol_exporter_queue_size'),
        );
      } catch {
        // collector down for the moment
      }
      await sleep(500);
    }
  })();
  return () => {
    stopped = true;
    return max;
  };
}

/**
 * Sends `ratePerSec` for `durationSec` while `fault` runs (it gets the ms since the run started), waits for the
 * run and the fault to end, lets the pipeline deliver, and counts acknowledged records against VictoriaLogs.
 */
export async function runWithFault(
  stack: Stack,
  name: string,
  options: { ratePerSec: number; durationSec: number; settleTimeoutMs?: number },
  fault: (elapsed: () => number) => Promise<void>,
): Promise<FaultRun> {
  const started = Date.now();
  const enqueueBefore = await enqueueFailed(stack);
  const stopWatch = watchQueue(stack);
  const run = startSimulation(stack, options);
  const elapsed = (): number => Date.now() - run.startedAt;
  const [result] = await Promise.all([run.done, fault(elapsed)]);
  const report = await settleAndReport(stack.endpoints.victoriaLogs, run.ledgerPath, {
    timeoutMs: options.settleTimeoutMs ?? 120_000,
  });
  const enqueueAfter = await enqueueFailed(stack);
  return {
    fault: name,
    ledgerPath: run.ledgerPath,
    ...report,
    simulatorExit: result.code,
    maxQueueBytes: stopWatch(),
    enqueueFailed: enqueueAfter - enqueueBefore,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** Records the full queue refused (NaN when the collector does not answer in time: a busy machine). */
async function enqueueFailed(stack: Stack): Promise<number> {
  try {
    return await metricValue(
      stack.endpoints.collectorMetrics,
      'otelcol_exporter_enqueue_failed_log_records_total',
    );
  } catch {
    return Number.NaN;
  }
}

export async function untilElapsed(elapsed: () => number, ms: number): Promise<void> {
  while (elapsed() < ms) await sleep(Math.min(200, ms - elapsed()));
}

export async function waitUntilDead(pid: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`pid ${pid} still alive`);
    await sleep(50);
  }
}

/** kill -9 a component at `atMs`, leave it down `downMs`, then `aimon stack up`. */
export function killAndHeal(
  stack: Stack,
  component: 'collector' | 'victoria-logs' | 'prometheus',
  atMs: number,
  downMs: number,
  signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL',
): (elapsed: () => number) => Promise<void> {
  return async (elapsed) => {
    await untilElapsed(elapsed, atMs);
    const pid = await componentPid(stack.dataDir, component);
    if (signal === 'SIGTERM') await stopProcess(pid);
    else {
      process.kill(pid, 'SIGKILL');
      await waitUntilDead(pid);
    }
    await untilElapsed(elapsed, atMs + downMs);
    await healStack(stack);
  };
}

/** SIGSTOP a component at `atMs` for `forMs` (it holds its connections but answers nothing), then SIGCONT. */
export function freeze(
  stack: Stack,
  component: 'collector' | 'victoria-logs',
  atMs: number,
  forMs: number,
): (elapsed: () => number) => Promise<void> {
  return async (elapsed) => {
    await untilElapsed(elapsed, atMs);
    const pid = await componentPid(stack.dataDir, component);
    process.kill(pid, 'SIGSTOP');
    try {
      await untilElapsed(elapsed, atMs + forMs);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  };
}

/** Mounts a small tmpfs as VictoriaLogs' data dir, so a test can fill it; false where mounting is not allowed. */
export async function mountSmallDisk(dataDir: string, sizeMiB = 256): Promise<boolean> {
  const dir = join(dataDir, 'victoria-logs');
  await mkdir(dir, { recursive: true });
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'aimon-test-vl', dir]);
    return true;
  } catch {
    return false;
  }
}

export async function unmountSmallDisk(dataDir: string): Promise<void> {
  await exec('umount', ['-l', join(dataDir, 'victoria-logs')]).catch(() => undefined);
}

const FILLER = 'aimon-disk-filler';

/**
 * Fills VictoriaLogs' disk until `leaveBytes` remain free: below -storage.minFreeDiskSpaceBytes (10 MB) it turns
 * read-only and refuses inserts with 429, exactly as on a full disk.
 */
export async function fillDisk(dataDir: string, leaveBytes = 4e6): Promise<void> {
  const dir = join(dataDir, 'victoria-logs');
  const stats = await statfs(dir);
  const free = Number(stats.bavail) * Number(stats.bsize);
  await writeFile(join(dir, FILLER), Buffer.alloc(Math.max(0, free - leaveBytes)));
}

export async function freeDisk(dataDir: string): Promise<void> {
  await rm(join(dataDir, 'victoria-logs', FILLER), { force: true });
}
