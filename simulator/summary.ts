import Table from 'cli-table3';
import { formatRate } from './rate.js';
import type { SimulationProgress, SimulationResult } from './run-simulation.js';

const n = (v: number): string => v.toLocaleString('en-US');

/** The live progress line: rate, sent, acknowledged, failed, missed. */
export function progressLine(p: SimulationProgress): string {
  const target = p.targetPerSec === null ? 'max' : formatRate(p.targetPerSec);
  return (
    `${(p.elapsedMs / 1000).toFixed(0).padStart(4)}s  rate ${n(Math.round(p.currentPerSec))}/s (target ${target})  ` +
    `sent ${n(p.sent)}  acked ${n(p.acknowledged)}  failed ${n(p.failed)}  missed ${n(p.missed)}` +
    (p.retried ? `  retried ${n(p.retried)}` : '') +
    (p.withheld ? `  withheld ${n(p.withheld)}` : '') +
    outageNote(p)
  );
}

/** While the receiver is away: how long, why, and how many records wait for it (then the catch-up). */
function outageNote(p: SimulationProgress): string {
  if (p.outage) {
    const why = p.outage.error.length > 72 ? `${p.outage.error.slice(0, 71)}…` : p.outage.error;
    return `  retrying: receiver unavailable for ${Math.round(p.outage.forMs / 1000)} s (${why}), ${n(p.waiting)} records waiting`;
  }
  return p.queued > 0 ? `  catching up: ${n(p.waiting)} records waiting` : '';
}

export function summaryTable(result: SimulationResult): string {
  const { ledger } = result;
  const r = ledger.records;
  const table = new Table({ head: ['run', ledger.runId], style: { head: [], border: [] } });
  table.push(
    ['scenario', ledger.scenario],
    ['endpoint', `${ledger.protocol} ${ledger.endpoint}`],
    ['duration', `${(result.elapsedMs / 1000).toFixed(1)} s`],
    [
      'rate',
      `${n(Math.round(ledger.rate.achievedPerSec))}/s achieved (target ${formatRate(ledger.rate.targetPerSec)})`,
    ],
    ['scheduled', n(r.scheduled)],
    ['sent', n(r.sent)],
    ['acknowledged', n(r.acknowledged)],
    ['retried', n(result.retried)],
    ['failed', n(r.failed)],
    ['missed', n(r.missed)],
  );
  if (r.withheld) table.push(['withheld (fault)', n(r.withheld)]);
  if (r.duplicated) table.push(['duplicated (fault)', n(r.duplicated)]);
  table.push(
    ['seq', r.scheduled - r.missed > 0 ? `${ledger.seq.first}–${ledger.seq.last}` : '—'],
    ['sessions', `claude_code ${ledger.sessions.claude_code}, codex ${ledger.sessions.codex}`],
    [
      'metric points',
      `${n(result.metricExports.acknowledgedPoints)} acked / ${n(result.metricExports.points)} sent (${ledger.metrics.length} series)`,
    ],
  );
  for (const [message, count] of Object.entries(result.errors)) table.push(['error', `${count}× ${message}`]);
  return table.toString();
}
