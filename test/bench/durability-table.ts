/**
 * Remeasures issue 14's fault table on real native stacks (temp dirs, free ports): each fault at the given rate,
 * acknowledged records counted against VictoriaLogs by aimon.seq. `node dist/test/bench/durability-table.js`
 * (DURABILITY_ONLY=<substring> picks rows; DISK_FULL_SEC sets the disk-full outage, default 120).
 */
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
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
} from '../support/live/faults.js';
import { componentPid, readLedger } from '../support/live/durability.js';
import { suitesByIds } from '../../assertions/default-suites.js';
import { verifyLedger } from '../../assertions/verify-session.js';

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

async function diskFullRow(): Promise<[FaultRun | string, string]> {
  let mounted = false;
  const stack = await startTestStack({
    beforeUp: async (dir) => {
      mounted = await mountSmallDisk(dir);
    },
    afterDown: unmountSmallDisk,
  });
  try {
    if (!mounted) return ['skipped: cannot mount a tmpfs here', ''];
    const run = await runWithFault(
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
    return [run, await metricsTruth(stack, run)];
  } finally {
    await stack.stop();
  }
}

/**
 * The metrics a user reads after the fault: the `metrics` suite (every series' exact total) and `user-queries`
 * (plain increase()/rate() as users write them), as "passed/total".
 */
async function metricsTruth(stack: TestStack, run: FaultRun): Promise<string> {
  const report = await verifyLedger(await readLedger(run.ledgerPath), {
    endpoints: stack.endpoints,
    suites: suitesByIds(['metrics', 'user-queries']),
  });
  const failed = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
  for (const r of failed) console.error(`  ${r.id}: expected ${r.expected}, got ${r.actual}`);
  return `${report.counts.passed}/${report.counts.total}`;
}

async function main(): Promise<void> {
  const results: Array<[string, FaultRun | string, string]> = [];
  // A fresh stack per fault: each row measures its fault alone. On one shared stack the earlier rows' one-second
  // sessions (~18,000 series a minute at 1,000/s) stay on the exporter's page for AIMON_METRIC_STALE_AFTER, and a page
  // that takes longer to render than Prometheus' scrape timeout is a different fault (README "Durability").
  for (const row of rows.filter((r) => !only || r.name.includes(only))) {
    const stack = await startTestStack();
    try {
      const result = await row.run(stack);
      console.error(JSON.stringify(result));
      results.push([row.name, result, await metricsTruth(stack, result)]);
    } finally {
      await stack.stop();
    }
  }
  if (!only || 'disk full'.includes(only)) {
    const [result, metrics] = await diskFullRow();
    console.error(JSON.stringify(result));
    results.push([
      `VictoriaLogs disk full ${diskFullSec / 60} min at 300/s (tmpfs filled to < 10 MB free)`,
      result,
      metrics,
    ]);
  }
  console.log(
    '| fault | acknowledged | stored | lost | failed at the client | max queue | enqueue failed | metrics checks passed |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, r, metrics] of results) {
    if (typeof r === 'string') console.log(`| ${name} | ${r} |`);
    else
      console.log(
        `| ${name} | ${r.acknowledged} | ${r.stored} | ${r.lost} | ${r.failed} | ${(r.maxQueueBytes / 1e6).toFixed(1)} MB | ${r.enqueueFailed} | ${metrics} |`,
      );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
