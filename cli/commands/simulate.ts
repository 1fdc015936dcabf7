import type { Command } from 'commander';
import { log } from '../../core/logger.js';
import { simulate } from '../../api/simulate.js';
import { simulationOptionsFromFlags, type SimulationFlags } from '../options/simulate-flags.js';
import { progressLine, summaryTable } from '../../simulator/summary.js';
import { formatRate } from '../../core/rate.js';
import type { SimulationConfig } from '../../simulator/simulation-config.js';

interface SimulateFlags extends SimulationFlags {
  header?: string[];
  quiet?: boolean;
  json?: boolean;
}

/** "  shard 1/2 (half the rate)  threads 2", or nothing for a whole run in one thread. */
function shardNote(config: SimulationConfig): string {
  const shard = config.shard ?? { index: 1, count: 1 };
  const threads = config.threads ?? 1;
  return (
    (shard.count > 1 ? `  shard ${shard.index}/${shard.count} (1/${shard.count} of the rate)` : '') +
    (threads > 1 ? `  threads ${threads}` : '')
  );
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'send realistic Claude Code / Codex telemetry at a precise rate and write a ground-truth ledger',
    )
    .option(
      '--scenario <name|file>',
      'built-in scenario or YAML file (default smoke; see `aimon scenarios list`)',
    )
    .option(
      '--rate <rate>',
      'events per second/minute/hour or max, e.g. 500/s, 30/m, max (default: the scenario)',
    )
    .option('--duration <duration>', 'run length, e.g. 30s, 5m or inf (default: the scenario)')
    .option('--count <n>', 'stop after N events')
    .option(
      '--endpoint <endpoint>',
      'OTLP endpoint: host:port for gRPC, base URL for HTTP (default: the stack)',
    )
    .option('--protocol <protocol>', 'grpc or http (HTTP/protobuf) (default grpc)')
    .option('--header <key=value>', 'extra request header (repeatable)', collect)
    .option('--insecure', 'no TLS (OTel and telemetrygen meaning); refused with an https:// endpoint')
    .option('--insecure-skip-verify', 'TLS without verifying the server certificate (gRPC: enables TLS)')
    .option('--ca-file <file>', 'CA certificate for TLS (gRPC: enables TLS)')
    .option('--cert-file <file>', 'client certificate for mutual TLS')
    .option('--key-file <file>', 'client key for mutual TLS')
    .option(
      '--otel-env',
      'read OTEL_EXPORTER_OTLP_{ENDPOINT,HEADERS,PROTOCOL,INSECURE,CERTIFICATE,CLIENT_*}; flags still win (never read without this flag)',
    )
    .option('--output <file>', 'write each export request as one OTLP/JSON line instead of sending')
    .option('--run-id <id>', 'run id carried as aimon.run_id (default: generated and printed)')
    .option('--seed <n>', 'seed for reproducible content (default: the scenario)')
    .option('--no-run-tags', 'do not add aimon.run_id / aimon.seq (pure demo data; cannot be verified)')
    .option('--temporality <t>', 'metric temporality: delta (as the clients) or cumulative')
    .option('--metric-interval <duration>', 'metric export interval (default 1s; the real clients use 60s)')
    .option(
      '--ledger <file>',
      'where to write the run ledger, the ground truth for `aimon verify` (default out/<run id>/ledger.json)',
    )
    .option('--log-prompts', 'include prompt text instead of the redaction marker')
    .option('--max-in-flight <n>', 'export requests in flight at once (default 8)')
    .option('--batch-size <n>', 'log records per export request at most (default 1024)')
    .option(
      '--retry-for <duration>',
      'ride out a receiver outage: retry a failed export with backoff this long before counting it failed, e.g. 60s, 5m, 0s, inf (default 60s)',
    )
    .option(
      '--fault-withhold <ranges>',
      'fault injection: build and ledger these seq ranges but never send them',
    )
    .option('--fault-duplicate <ranges>', 'fault injection: send these seq ranges twice')
    .option(
      '--shard <i/n>',
      'send shard i of n: run n of these (hosts, pods) with the same --run-id and seed, each with its own --ledger; verify merges them',
    )
    .option('--threads <n>', 'generator threads in this process, each building a sub-shard (default 1)')
    .option('--data-dir <dir>', 'stack data dir whose stack.json gives the default endpoints')
    .option('--quiet', 'no progress line and no summary')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: SimulateFlags) => {
      // The CLI only turns flags into the library's typed options; `simulate` (api/) resolves and runs them.
      const options = await simulationOptionsFromFlags({
        ...flags,
        headers: flags.header ?? [],
        ...(flags.output ? {} : { defaultLedgerDir: 'out' }),
      });
      const interactive = process.stderr.isTTY && !flags.quiet;
      const onResolved = (config: SimulationConfig): void => {
        if (flags.quiet) return;
        const rate = config.targetPerSec === null && config.stages ? 'ramp' : formatRate(config.targetPerSec);
        log.info(
          `run id: ${config.runId}  scenario ${config.scenario}  rate ${rate}${shardNote(config)}  → ${config.protocol} ${config.endpoint}`,
        );
      };
      // SIGINT (Ctrl-C) and SIGTERM (kill, a CI timeout, a container stop) both stop the run the same way: no new
      // records, in-flight exports settle, and the ledger of what was acknowledged is written. A second one kills.
      const controller = new AbortController();
      const onSignal = (): void => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let lastPrinted = 0;
      try {
        const result = await simulate(options, {
          signal: controller.signal,
          onResolved,
          onProgress: flags.quiet
            ? undefined
            : (p) => {
                if (interactive) process.stderr.write(`\r\u001b[2K${progressLine(p)}`);
                else if (p.elapsedMs - lastPrinted >= 5000) {
                  lastPrinted = p.elapsedMs;
                  log.info(progressLine(p));
                }
              },
        });
        if (interactive) process.stderr.write('\n');
        const { config } = result;
        if (flags.json) {
          const { timeline: _t, breakdowns: _b, metrics: _m, ...ledger } = result.ledger;
          process.stdout.write(
            `${JSON.stringify({ exitCode: result.exitCode, ledgerFile: config.ledgerFile ?? null, retried: result.retried, errors: result.errors, metricExports: result.metricExports, ledger }, null, 2)}\n`,
          );
        } else if (!flags.quiet) {
          process.stdout.write(`${summaryTable(result)}\n`);
          if (config.ledgerFile) log.info(`ledger: ${config.ledgerFile}`);
        }
        if (result.exitCode !== 0 && !flags.quiet) {
          const r = result.ledger.records;
          log.info(
            `aimon: not every record was acknowledged (failed ${r.failed}, missed ${r.missed}, metric points failed ${result.metricExports.failedPoints})`,
          );
        }
        process.exitCode = result.exitCode;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
