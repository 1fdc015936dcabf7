/**
 * What -inmemoryDataFlushInterval costs: VictoriaLogs' CPU seconds and bytes written to disk (/proc/<pid>/io)
 * while 1,000 events/s flow for 60 s, for each interval in FLUSH_INTERVALS (default "5s,1s").
 * `node dist/test/bench/flush-cost.js`
 */
import { readFile } from 'node:fs/promises';
import { componentPid, sleep, startSimulation } from '../support/live/durability.js';
import { startTestStack } from '../support/live/test-stack.js';

async function usage(pid: number): Promise<{ cpuSec: number; writeBytes: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const io = await readFile(`/proc/${pid}/io`, 'utf8');
  return {
    cpuSec: (Number(stat[11]) + Number(stat[12])) / 100,
    writeBytes: Number(/^write_bytes: (\d+)/m.exec(io)![1]),
  };
}

async function main(): Promise<void> {
  const rate = Number(process.env.DURABILITY_RATE ?? 1000);
  const seconds = Number(process.env.FLUSH_SECONDS ?? 60);
  const rows: string[] = [];
  for (const interval of (process.env.FLUSH_INTERVALS ?? '5s,1s').split(',')) {
    process.env.AIMON_VICTORIALOGS_FLUSH_INTERVAL = interval;
    const stack = await startTestStack();
    try {
      const pid = await componentPid(stack.dataDir, 'victoria-logs');
      const run = startSimulation(stack, { ratePerSec: rate, durationSec: seconds + 5 });
      await sleep(5_000);
      const before = await usage(pid);
      await sleep(seconds * 1000);
      const after = await usage(pid);
      await run.done;
      const cpu = after.cpuSec - before.cpuSec;
      const written = after.writeBytes - before.writeBytes;
      rows.push(
        `| ${interval} | ${((cpu / seconds) * 100).toFixed(1)} % of a core | ${(written / seconds / 1e6).toFixed(2)} MB/s |`,
      );
      console.error(rows[rows.length - 1]);
    } finally {
      await stack.stop();
    }
  }
  console.log(`| -inmemoryDataFlushInterval | VictoriaLogs CPU at ${rate}/s | disk writes |`);
  console.log('|---|---|---|');
  for (const row of rows) console.log(row);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
