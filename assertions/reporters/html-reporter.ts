import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VerifyReport } from '../verify-report.js';
import { loadLine } from './console-reporter.js';

let chartJsSource: string | undefined;

/** chart.js' UMD build, inlined so the report is one self-contained file (no network when opened). */
function chartJs(): string {
  if (chartJsSource === undefined) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('chart.js'));
    chartJsSource = readFileSync(join(dist, 'chart.umd.js'), 'utf8')
      .replace(/\/\/# sourceMappingURL=.*$/gm, '')
      .replace(/<\/script/gi, '<\\/script');
  }
  return chartJsSource;
}

/** JSON safe to embed in a <script> element. */
function embed(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Bins lags for the distribution chart: ~20 bins of a round width. */
export function lagHistogram(lagsMs: readonly number[]): { labels: string[]; counts: number[] } {
  if (lagsMs.length === 0) return { labels: [], counts: [] };
  const max = Math.max(...lagsMs);
  const steps = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
  const width = steps.find((s) => max / s <= 20) ?? 10000;
  const bins = Math.floor(max / width) + 1;
  const counts = new Array<number>(bins).fill(0);
  for (const lag of lagsMs) counts[Math.floor(lag / width)]! += 1;
  return { labels: counts.map((_, i) => `${i * width}–${(i + 1) * width} ms`), counts };
}

export function renderHtml(report: VerifyReport): string {
  const start = report.charts.perSecond[0]?.second ?? Math.floor(report.run.window.startMs / 1000);
  const ingestBySecond = new Map<number, number>();
  for (const point of report.charts.ingestRate)
    ingestBySecond.set(Math.round(point.tMs / 1000), point.rowsPerSec);
  const perSecond = {
    labels: report.charts.perSecond.map((p) => `${p.second - start}s`),
    sent: report.charts.perSecond.map((p) => p.sent),
    stored: report.charts.perSecond.map((p) => p.stored),
    ingested: report.charts.perSecond.map((p) => ingestBySecond.get(p.second) ?? null),
  };
  const lag = lagHistogram(report.charts.lagsMs);
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const rows = report.results
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${esc(r.suite)}</td><td title="${esc(r.id)}">${esc(r.title)}</td>` +
        `<td>${esc(r.expected)}</td><td>${esc(r.actual)}</td><td class="status">${r.status}</td>` +
        `<td class="detail">${esc(r.detail)}${r.query ? `<details><summary>query</summary><pre>${esc(r.query)}</pre></details>` : ''}</td></tr>`,
    )
    .join('\n');
  const lagText = report.lag
    ? `p50 ${report.lag.p50} ms · p95 ${report.lag.p95} ms · p99 ${report.lag.p99} ms · max ${report.lag.max} ms (${report.lag.count} of ${report.lag.sent} probes visible)`
    : 'no probes in this verification (re-check from a ledger)';
  const { counts } = report;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aimon verify ${esc(report.runId)}: ${verdict}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h1 .verdict.passed { color: #1a7f37; } h1 .verdict.failed { color: #cf222e; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; margin: 16px 0; }
.chart { position: relative; height: 280px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; } th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th:nth-child(1) { width: 7em; } th:nth-child(5) { width: 4em; }
tr.failed td.status, tr.errored td.status { color: #cf222e; font-weight: bold; } tr.passed td.status { color: #1a7f37; }
ul.thresholds { list-style: none; padding-left: 0; } ul.thresholds li.passed .mark { color: #1a7f37; } ul.thresholds li.failed .mark, ul.thresholds li.errored .mark { color: #cf222e; font-weight: bold; }
td.detail { font-size: 12px; max-width: 520px; word-break: break-word; } pre { white-space: pre-wrap; font-size: 11px; }
</style>
</head>
<body>
<h1>aimon verify <code>${esc(report.runId)}</code> — <span class="verdict ${report.passed ? 'passed' : 'failed'}">${verdict}</span></h1>
<p>Scenario <b>${esc(report.scenario)}</b> · ${report.run.records.acknowledged} records acknowledged at ${report.run.rate.achievedPerSec.toFixed(1)}/s over ${esc(report.run.protocol)} ·
${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped${report.verdictAfterLoadMs !== undefined ? ` · verdict ${(report.verdictAfterLoadMs / 1000).toFixed(1)} s after the load` : ''}</p>
<div class="charts">
  <figure><figcaption>Sent vs ingested per second</figcaption><div class="chart"><canvas id="per-second"></canvas></div></figure>
  <figure><figcaption>Emit-to-queryable lag: ${esc(lagText)}</figcaption><div class="chart"><canvas id="lag"></canvas></div></figure>
  <figure><figcaption>Assertions per suite</figcaption><div class="chart"><canvas id="suites"></canvas></div></figure>
</div>
${thresholdsSection(report)}<h2>Assertions</h2>
<table>
<thead><tr><th>suite</th><th>assertion</th><th>expected</th><th>actual</th><th>result</th><th>detail</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script>${chartJs()}</script>
<script>
const perSecond = ${embed(perSecond)};
const lag = ${embed(lag)};
const suites = ${embed(report.suites.map((s) => ({ suite: s.suite, ...s.counts })))};
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
new Chart(document.getElementById('per-second'), {
  type: 'line',
  data: { labels: perSecond.labels, datasets: [
    { label: 'sent (acknowledged)', data: perSecond.sent, borderColor: '#0969da', pointRadius: 0 },
    { label: 'stored for this run (by record time)', data: perSecond.stored, borderColor: '#1a7f37', pointRadius: 0 },
    { label: 'VictoriaLogs rows ingested/s (all)', data: perSecond.ingested, borderColor: '#bf8700', pointRadius: 0, spanGaps: true },
  ] },
  options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'records/s' } } } },
});
new Chart(document.getElementById('lag'), {
  type: 'bar',
  data: { labels: lag.labels, datasets: [{ label: 'probes', data: lag.counts, backgroundColor: '#8250df' }] },
  options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});
new Chart(document.getElementById('suites'), {
  type: 'bar',
  data: { labels: suites.map((s) => s.suite), datasets: [
    { label: 'passed', data: suites.map((s) => s.passed), backgroundColor: '#1a7f37' },
    { label: 'failed', data: suites.map((s) => s.failed), backgroundColor: '#cf222e' },
    { label: 'errored', data: suites.map((s) => s.errored), backgroundColor: '#bf8700' },
    { label: 'skipped', data: suites.map((s) => s.skipped), backgroundColor: '#8c959f' },
  ] },
  options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
});
</script>
</body>
</html>
`;
}

/** k6's threshold summary (✓/✗ per threshold with the measured value) and the load's churn, when there are any. */
function thresholdsSection(report: VerifyReport): string {
  const parts: string[] = [];
  if (report.load) parts.push(`<p class="load">${esc(loadLine(report.load))}</p>\n`);
  if (report.thresholds?.length) {
    const items = report.thresholds
      .map(
        (t) =>
          `<li class="${t.status}"><span class="mark">${t.status === 'passed' ? '✓' : '✗'}</span> <code>${esc(t.metric)}</code> <code>${esc(`'${t.source}'`)}</code> ${esc(t.display)}</li>`,
      )
      .join('\n');
    parts.push(`<h2>Thresholds</h2>\n<ul class="thresholds">\n${items}\n</ul>\n`);
  }
  return parts.join('');
}
