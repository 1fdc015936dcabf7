/**
 * What durability on a VictoriaLogs SIGKILL costs, while 1,000 events/s flow for 60 s, for each setting in
 * FLUSH_SETTINGS (default "5s/0s,1s/0s,1s/4s": -inmemoryDataFlushInterval / the collector's flushwait hold):
 * VictoriaLogs' CPU and bytes written to disk (/proc/<pid>/io), the collector's CPU and peak resident memory.
 * `node dist/test/bench/flush-cost.js`
 */
import { readFile } from 'node:fs/promises';
import { componentPid, sleep, startSimulation } from '../support/live/durability.js';
import { startTestStack } from '../support/live/test-stack.js';

interface Usage {
  cpuSec: number;
  writeBytes: number;
  peakRssBytes: number;
}

async function usage(pid: number): Promise<Usage> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const io = await readFile(`/proc/${pid}/io`, 'utf8');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return {
    cpuSec: (Number(stat[11]) + Number(stat[12])) / 100,
    writeBytes: Number(/^write_bytes: (\d+)/m.exec(io)![1]),
    peakRssBytes: Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) * 1024,
  };
}

const percentOfCore = (cpuSec: number, seconds: number): string =>
  `${((cpuSec / seconds) * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const rate = Number(process.env.DURABILITY_RATE ?? 1000);
  const seconds = Number(process.env.FLUSH_SECONDS ?? 60);
  const rows: string[] = [];
  for (const setting of (process.env.FLUSH_SETTINGS ?? '5s/0s,1s/0s,1s/4s').split(',')) {
    const [interval, hold] = setting.split('/') as [string, string];
    process.env.AIMON_VICTORIALOGS_FLUSH_INTERVAL = interval;
    process.env.AIMON_VICTORIALOGS_FLUSH_WAIT = hold;
    const stack = await startTestStack();
    try {
      const logsPid = await componentPid(stack.dataDir, 'victoria-logs');
      const collectorPid = await componentPid(stack.dataDir, 'collector');
      const run = startSimulation(stack, { ratePerSec: rate, durationSec: seconds + 5 });
      await sleep(5_000);
      const [logsBefore, collectorBefore] = await Promise.all([usage(logsPid), usage(collectorPid)]);
      await sleep(seconds * 1000);
      const [logsAfter, collectorAfter] = await Promise.all([usage(logsPid), usage(collectorPid)]);
      await run.done;
      rows.push(
        `| ${interval} | ${hold} | ${percentOfCore(logsAfter.cpuSec - logsBefore.cpuSec, seconds)} | ` +
          `${((logsAfter.writeBytes - logsBefore.writeBytes) / seconds / 1e6).toFixed(2)} MB/s | ` +
          `${percentOfCore(collectorAfter.cpuSec - collectorBefore.cpuSec, seconds)} | ` +
          `${(collectorAfter.peakRssBytes / 2 ** 20).toFixed(0)} MiB |`,
      );
      console.error(rows[rows.length - 1]);
    } finally {
      await stack.stop();
      delete process.env.AIMON_VICTORIALOGS_FLUSH_INTERVAL;
      delete process.env.AIMON_VICTORIALOGS_FLUSH_WAIT;
    }
  }
  console.log(
    `| -inmemoryDataFlushInterval | flushwait hold | VictoriaLogs CPU (of a core) at ${rate}/s | its disk writes | collector CPU | collector peak RSS |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
