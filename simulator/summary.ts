import { AGENT_IDS } from '../core/agents.js';
import Table from 'cli-table3';
import type { LedgerLoad } from '../core/ledger/index.js';
import { formatRate } from '../core/rate.js';
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
      `${n(Math.round(ledger.rate.achievedPerSec))}/s achieved (target ${ledger.load?.scenarios ? `${ledger.load.scenarios.length} named scenarios` : formatRate(ledger.rate.targetPerSec)})`,
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
    ['sessions', AGENT_IDS.map((agent) => `${agent} ${ledger.sessions[agent]}`).join(', ')],
    [
      'metric points',
      `${n(result.metricExports.acknowledgedPoints)} acked / ${n(result.metricExports.points)} sent (${ledger.metrics.length} series)`,
    ],
  );
  for (const row of loadRows(ledger.load)) table.push(row);
  for (const [message, count] of Object.entries(result.errors)) table.push(['error', `${count}× ${message}`]);
  return table.toString();
}

/** The load model, its time compression, the named loads and the churn per wall-clock minute. */
export function loadRows(load: LedgerLoad | undefined): Array<[string, string]> {
  if (!load) return [];
  const rows: Array<[string, string]> = [];
  const p = load.population;
  rows.push([
    'load model',
    p
      ? `population: ${n(p.users)} people (${AGENT_IDS.map((agent) => `${agent} ${n(p.usersByAgent[agent])}`).join(', ')}), ${p.promptsPerHour} prompts/h, ${p.sessionMinutes} min sessions`
      : 'rate (sessions last as long as the rate makes them)',
  ]);
  if (p)
    rows.push([
      'timeScale',
      `×${load.timeScale} (a ${p.sessionMinutes} min session takes ${formatSeconds(p.sessionWallSeconds)} of wall time)`,
    ]);
  for (const s of load.scenarios ?? [])
    rows.push([
      `scenario ${s.name}`,
      `${s.executor} from ${formatSeconds(s.startMs / 1000)}: ${n(s.scheduled)} records`,
    ]);
  rows.push([
    'sessions/min',
    `${n(Math.round(load.sessionsPerMin))} (${n(load.sessions)} sessions, wall clock)`,
  ]);
  rows.push([
    'series/min',
    `${n(Math.round(load.seriesPerMin))} (${n(load.metricSeries)} metric series, wall clock)`,
  ]);
  return rows;
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toFixed(1))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toFixed(1))} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}
