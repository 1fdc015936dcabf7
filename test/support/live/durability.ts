import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunLedger, SeqRange } from '../../../core/ledger/index.js';
import { runCli, type CliResult } from './cli.js';
import type { TestStack } from './test-stack.js';

/** A simulator run in the background (the real CLI, as a user runs it), ledger written to the stack's temp dir. */
export interface BackgroundRun {
  runId: string;
  ledgerPath: string;
  startedAt: number;
  done: Promise<CliResult>;
}

let runs = 0;

export function startSimulation(
  stack: Pick<TestStack, 'endpoints' | 'dataDir'>,
  options: { ratePerSec: number; durationSec: number; scenario?: string },
): BackgroundRun {
  const runId = `durability-${process.pid}-${Date.now()}-${++runs}`;
  const ledgerPath = join(stack.dataDir, `${runId}.ledger.json`);
  const done = runCli(
    [
      'simulate',
      '--scenario',
      options.scenario ?? 'smoke',
      '--rate',
      `${options.ratePerSec}/s`,
      '--duration',
      `${options.durationSec}s`,
      '--endpoint',
      stack.endpoints.otlpGrpc,
      '--run-id',
      runId,
      '--ledger',
      ledgerPath,
      '--quiet',
    ],
    { timeoutMs: options.durationSec * 1000 + 180_000 },
  );
  return { runId, ledgerPath, startedAt: Date.now(), done };
}

export async function readLedger(path: string): Promise<RunLedger> {
  return JSON.parse(await readFile(path, 'utf8')) as RunLedger;
}

/** Every aimon.seq VictoriaLogs holds for a run (a seq stored twice is one entry; duplicates are counted apart). */
export async function storedSeqs(
  victoriaLogsUrl: string,
  runId: string,
): Promise<{ seqs: Set<number>; rows: number }> {
  const query = `aimon.run_id:=${JSON.stringify(runId)} | fields aimon.seq`;
  const url = `${victoriaLogsUrl.replace(/\/+$/, '')}/select/logsql/query?query=${encodeURIComponent(query)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`VictoriaLogs query answered ${response.status}: ${text}`);
  const seqs = new Set<number>();
  let rows = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    rows++;
    seqs.add(Number((JSON.parse(line) as Record<string, string>)['aimon.seq']));
  }
  return { seqs, rows };
}

export function rangeCount(ranges: SeqRange[]): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export interface LossReport {
  runId: string;
  acknowledged: number;
  /** Acknowledged records found in VictoriaLogs. */
  stored: number;
  lost: number;
  /** Refused at the time (the client saw an error): not acknowledged, not expected. */
  failed: number;
  /** Rows stored beyond one per acknowledged seq (a retried request stored twice, or failed-but-stored). */
  extraRows: number;
  lostRanges: SeqRange[];
}

export function lossReport(ledger: RunLedger, stored: { seqs: Set<number>; rows: number }): LossReport {
  const lostRanges: SeqRange[] = [];
  let acknowledged = 0;
  let found = 0;
  for (const [first, last] of ledger.seq.expected) {
    for (let seq = first; seq <= last; seq++) {
      acknowledged++;
      if (stored.seqs.has(seq)) {
        found++;
        continue;
      }
      const previous = lostRanges[lostRanges.length - 1];
      if (previous && previous[1] === seq - 1) previous[1] = seq;
      else lostRanges.push([seq, seq]);
    }
  }
  return {
    runId: ledger.runId,
    acknowledged,
    stored: found,
    lost: acknowledged - found,
    failed: rangeCount(ledger.seq.failed),
    extraRows: stored.rows - found,
    lostRanges: lostRanges.slice(0, 20),
  };
}

/**
 * Waits until every acknowledged record of the run is in VictoriaLogs, or until the count stops growing for
 * `stableMs` (then what is missing is lost), and reports. VictoriaLogs makes rows searchable within ~1 s. With
 * `rowsStableMs` it also waits, once nothing is missing, until no row has arrived for that long: the collector's
 * resends of held writes after a crash (duplicates) can land after the last missing record did.
 */
export async function settleAndReport(
  victoriaLogsUrl: string,
  ledgerPath: string,
  options: { timeoutMs?: number; stableMs?: number; rowsStableMs?: number } = {},
): Promise<LossReport> {
  const ledger = await readLedger(ledgerPath);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let lastStored = -1;
  let lastRows = -1;
  let stableSince = Date.now();
  let rowsStableSince = Date.now();
  for (;;) {
    const stored = await storedSeqs(victoriaLogsUrl, ledger.runId);
    const report = lossReport(ledger, stored);
    if (stored.rows !== lastRows) {
      lastRows = stored.rows;
      rowsStableSince = Date.now();
    }
    if (report.lost === 0 && Date.now() - rowsStableSince >= (options.rowsStableMs ?? 0)) return report;
    if (report.stored !== lastStored) {
      lastStored = report.stored;
      stableSince = Date.now();
    }
    if (Date.now() > deadline) return report;
    if (report.lost > 0 && Date.now() - stableSince > (options.stableMs ?? 15_000)) return report;
    await sleep(1_000);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The pid a running stack recorded for a component (stack.json). */
export async function componentPid(dataDir: string, name: string): Promise<number> {
  const state = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as {
    components: Array<{ name: string; pid: number }>;
  };
  const pid = state.components.find((c) => c.name === name)?.pid;
  if (pid === undefined) throw new Error(`no ${name} in ${dataDir}/stack.json`);
  return pid;
}

/** A counter or gauge from a Prometheus text page, summed over its label sets. */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Every component's recorded pid (stack.json). */
export async function componentPids(dataDir: string): Promise<Record<string, number>> {
  const state = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as {
    components: Array<{ name: string; pid: number }>;
  };
  return Object.fromEntries(state.components.map((c) => [c.name, c.pid]));
}
