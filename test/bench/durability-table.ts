/**
 * Remeasures issue 14's fault table on real native stacks (temp dirs, free ports): each fault at the given rate,
 * acknowledged records counted against VictoriaLogs by aimon.seq. `node dist/test/bench/durability-table.js`
 * (DURABILITY_ONLY=<substring> picks rows; DISK_FULL_SEC sets the disk-full outage, default 120).
 */
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import {
  fillDisk,
  freeDisk,
  freeze,
  killAndHeal,
  mountSmallDisk,
  runWithFault,
  unmountSmallDisk,
  untilElapsed,
  waitUntilDead,
  healStack,
  type FaultRun,
} from '../helpers/faults.js';
import { componentPid } from '../helpers/durability.js';

const RATE = Number(process.env.DURABILITY_RATE ?? 1000);
const only = process.env.DURABILITY_ONLY;
const diskFullSec = Number(process.env.DISK_FULL_SEC ?? 120);

type Row = { name: string; run: (stack: TestStack) => Promise<FaultRun> };

const rows: Row[] = [
  {
    name: 'VictoriaLogs SIGKILL, down 30 s, then `aimon stack up`',
    run: (stack) =>
      runWithFault(
        stack,
        'vl-sigkill',
        { ratePerSec: RATE, durationSec: 45 },
        killAndHeal(stack, 'victoria-logs', 8_000, 30_000),
      ),
  },
  {
    name: 'collector SIGTERM, back after 10 s',
    run: (stack) =>
      runWithFault(
        stack,
        'collector-sigterm',
        { ratePerSec: RATE, durationSec: 30 },
        killAndHeal(stack, 'collector', 8_000, 10_000, 'SIGTERM'),
      ),
  },
  {
    name: 'collector SIGKILL (back after 2 s)',
    run: (stack) =>
      runWithFault(
        stack,
        'collector-sigkill',
        { ratePerSec: RATE, durationSec: 20 },
        killAndHeal(stack, 'collector', 8_000, 2_000),
      ),
  },
  {
    name: 'collector SIGKILL with ~20k records in its disk queue (VictoriaLogs stopped 2–25 s)',
    run: (stack) =>
      runWithFault(
        stack,
        'collector-sigkill-full-queue',
        { ratePerSec: RATE, durationSec: 30 },
        async (elapsed) => {
          await untilElapsed(elapsed, 2_000);
          const vl = await componentPid(stack.dataDir, 'victoria-logs');
          process.kill(vl, 'SIGSTOP');
          await untilElapsed(elapsed, 25_000);
          const collector = await componentPid(stack.dataDir, 'collector');
          process.kill(collector, 'SIGKILL');
          await waitUntilDead(collector);
          process.kill(vl, 'SIGCONT');
          await untilElapsed(elapsed, 27_000);
          await healStack(stack);
        },
      ),
  },
  {
    name: 'VictoriaLogs SIGSTOP 20 s',
    run: (stack) =>
      runWithFault(
        stack,
        'vl-sigstop',
        { ratePerSec: RATE, durationSec: 30 },
        freeze(stack, 'victoria-logs', 5_000, 20_000),
      ),
  },
];

async function diskFullRow(): Promise<FaultRun | string> {
  let mounted = false;
  const stack = await startTestStack({
    beforeUp: async (dir) => {
      mounted = await mountSmallDisk(dir);
    },
    afterDown: unmountSmallDisk,
  });
  try {
    if (!mounted) return 'skipped: cannot mount a tmpfs here';
    return await runWithFault(
      stack,
      `vl-disk-full-${diskFullSec}s`,
      { ratePerSec: 300, durationSec: diskFullSec + 30, settleTimeoutMs: 300_000 },
      async (elapsed) => {
        await untilElapsed(elapsed, 10_000);
        await fillDisk(stack.dataDir);
        await untilElapsed(elapsed, 10_000 + diskFullSec * 1000);
        await freeDisk(stack.dataDir);
      },
    );
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const results: Array<[string, FaultRun | string]> = [];
  const picked = rows.filter((r) => !only || r.name.includes(only) || 'disk full'.includes(only));
  if (picked.length > 0) {
    const stack = await startTestStack();
    try {
      for (const row of rows.filter((r) => !only || r.name.includes(only))) {
        const result = await row.run(stack);
        console.error(JSON.stringify(result));
        results.push([row.name, result]);
      }
    } finally {
      await stack.stop();
    }
  }
  if (!only || 'disk full'.includes(only)) {
    const result = await diskFullRow();
    console.error(JSON.stringify(result));
    results.push([
      `VictoriaLogs disk full ${diskFullSec / 60} min at 300/s (tmpfs filled to < 10 MB free)`,
      result,
    ]);
  }
  console.log('| fault | acknowledged | stored | lost | failed at the client | max queue | enqueue failed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of results) {
    if (typeof r === 'string') console.log(`| ${name} | ${r} |`);
    else
      console.log(
        `| ${name} | ${r.acknowledged} | ${r.stored} | ${r.lost} | ${r.failed} | ${(r.maxQueueBytes / 1e6).toFixed(1)} MB | ${r.enqueueFailed} |`,
      );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
