/**
 * Ten verifies back to back on one stack (issue 10): every run must pass with the same figures, and the stack must
 * stay healthy while runs pile up series. Prints, per run: the verdict, assertion counts, failed scrapes of the
 * collector's exporter, the counters page's samples, Prometheus' head series and CPU share, and the collector's RSS.
 * Measured and printed, never pass/fail: run it before resolving, not in CI (10 × ~80 s).
 * Run: `node dist/test/bench/repeat-verify.js [--runs 10] [--scenario throughput] [--seconds 60]`
 */
import { readFileSync } from 'node:fs';
import { PrometheusClient } from '../../assertions/backends/prometheus-client.js';
import { DEFAULT_SUITES } from '../../assertions/default-suites.js';
import { verifyLive } from '../../assertions/verify-session.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../../cli/options/simulate-flags.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { startTestStack } from '../support/live/test-stack.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** CPU seconds (user + system) and resident MiB of a process, from /proc. */
function procStat(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
    rssMiB: (Number(fields[21]) * 4096) / 2 ** 20,
  };
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '10'));
  const scenario = arg('scenario', 'throughput');
  const seconds = Number(arg('seconds', '60'));
  const stack = await startTestStack();
  const pid = (name: string): number => stack.state.components.find((c) => c.name === name)!.pid;
  const prometheus = new PrometheusClient({ baseUrl: stack.endpoints.prometheus });
  const scalar = async (promql: string): Promise<number> => (await prometheus.query(promql))[0]?.value ?? 0;
  try {
    for (let run = 1; run <= runs; run++) {
      const promBefore = procStat(pid('prometheus'));
      const startedMs = Date.now();
      const { report } = await verifyLive({
        endpoints: stack.endpoints,
        suites: DEFAULT_SUITES,
        load: async () =>
          (
            await runSimulation(
              await resolveSimulationConfig({
                scenario,
                duration: `${seconds}s`,
                endpoint: stack.endpoints.otlpGrpc,
                protocol: 'grpc',
              }),
            )
          ).ledger,
      });
      const elapsed = (Date.now() - startedMs) / 1000;
      const promAfter = procStat(pid('prometheus'));
      const window = `[${Math.ceil(elapsed)}s]`;
      const failedScrapes = await scalar(
        `sum(count_over_time(up{job=~"otel-collector.*"}${window}) - sum_over_time(up{job=~"otel-collector.*"}${window}))`,
      );
      const pageSamples = await scalar('max(scrape_samples_scraped{job="otel-collector"})');
      const slowestScrape = await scalar(
        `max(max_over_time(scrape_duration_seconds{job=~"otel-collector.*"}${window}))`,
      );
      const headSeries = await scalar('prometheus_tsdb_head_series');
      const failed = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
      const r = report.run.records;
      console.log(
        `run ${run}/${runs}: ${report.passed ? 'PASSED' : 'FAILED'} ${report.counts.passed}/${report.counts.total}; ` +
          `${r.acknowledged} acknowledged, ${r.failed} failed, ${r.missed} missed; lag p99 ${report.lag?.p99} ms; ` +
          `failed scrapes ${failedScrapes}, slowest ${slowestScrape.toFixed(2)} s, page ${pageSamples} samples; ` +
          `Prometheus ${(((promAfter.cpuSeconds - promBefore.cpuSeconds) / elapsed) * 100).toFixed(0)}% of a core, ` +
          `${headSeries} head series, ${promAfter.rssMiB.toFixed(0)} MiB; collector ${procStat(pid('collector')).rssMiB.toFixed(0)} MiB`,
      );
      for (const problem of failed.slice(0, 5))
        console.log(`  ${problem.id}: ${problem.detail.slice(0, 200)}`);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`repeat-verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
