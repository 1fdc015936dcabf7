import type { Command } from 'commander';
import { countResults } from '../../assertions/assertion.js';
import { DEFAULT_SUITES } from '../../assertions/default-suites.js';
import { readLedgerFiles } from '../../assertions/ledger-file.js';
import { renderConsole } from '../../assertions/reporters/console-reporter.js';
import { writeReports } from '../../assertions/reporters/write-reports.js';
import type { SuiteRun } from '../../assertions/run-suites.js';
import { verifyLedger, verifyLive } from '../../assertions/verify-session.js';
import type { VerifyReport } from '../../assertions/verify-report.js';
import type { StackEndpoints } from '../../core/endpoints.js';
import { StackError, UserError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { checkWritableFile } from '../../core/writable-path.js';
import { resolveSimulationConfig } from '../../simulator/resolve-simulation-config.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { endpointsAnswer, ensureStackUp } from '../../stack/native-stack.js';
import { readStackEndpoints } from '../../stack/stack-state.js';

interface VerifyFlags {
  scenario?: string;
  rate?: string;
  duration?: string;
  count?: string;
  protocol?: string;
  seed?: string;
  start: boolean;
  dataDir?: string;
  junit?: string;
  json?: string;
  html?: string;
  ledger?: string[];
  saveLedger?: string;
  faultWithhold?: string;
  faultDuplicate?: string;
  retryFor?: string;
  maxLagP99?: string;
  scrapes?: string;
  suites?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('send a scenario through the stack and prove nothing was lost and every number is right')
    .option('--scenario <name|file>', 'built-in scenario or YAML file (default smoke)')
    .option('--rate <rate>', 'events per second, e.g. 500/s (default: the scenario)')
    .option('--duration <duration>', 'load duration, e.g. 30s (default: the scenario)')
    .option('--count <n>', 'stop the load after N events')
    .option('--protocol <protocol>', 'grpc or http (default grpc)')
    .option('--seed <n>', 'seed for reproducible content')
    .option('--no-start', 'fail instead of starting the native stack when none answers')
    .option('--data-dir <dir>', 'stack data dir (state file, logs, storage)')
    .option(
      '--ledger <file|dir>',
      're-check an earlier run from its ledger without sending anything; repeat it (or give a directory) for the ledgers of a sharded run',
      collect,
    )
    .option(
      '--save-ledger <file>',
      'where to write the ledger of this run (default out/<run id>/ledger.json)',
    )
    .option('--junit <file>', 'write a JUnit XML report (every assertion a testcase)')
    .option('--json <file>', 'write the full report as JSON')
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option(
      '--fault-withhold <ranges>',
      'fault injection: ledger these seq ranges but never send them (verify must fail)',
    )
    .option('--fault-duplicate <ranges>', 'fault injection: send these seq ranges twice (verify must fail)')
    .option(
      '--retry-for <duration>',
      'retry a failed export through a collector outage this long before counting it failed (default 60s)',
    )
    .option('--max-lag-p99 <ms>', 'also fail when the probe lag p99 exceeds this many ms')
    .option(
      '--suites <ids>',
      `comma-separated suites to run (default all: ${DEFAULT_SUITES.map((s) => s.id).join(',')})`,
    )
    .option('--quiet', 'no progress and no table, only the verdict line')
    .action(async (flags: VerifyFlags) => {
      const suites = selectSuites(flags.suites);
      const maxLagP99Ms =
        flags.maxLagP99 !== undefined ? positiveNumber(flags.maxLagP99, '--max-lag-p99') : undefined;
      const scrapesAfterExport =
        flags.scrapes !== undefined ? positiveNumber(flags.scrapes, '--scrapes') : undefined;
      // Every flag and output path is checked before the stack is touched: bad input is exit 2, never 3.
      for (const [flag, path] of [
        ['--junit', flags.junit],
        ['--json', flags.json],
        ['--html', flags.html],
      ] as const) {
        if (path) checkWritableFile(path, flag);
      }
      const progress = (message: string): void => {
        if (!flags.quiet) log.info(message);
      };
      const onSuiteDone = (run: SuiteRun): void => {
        const c = countResults(run.results);
        progress(
          `suite ${run.suite}: ${c.passed} passed, ${c.failed} failed, ${c.errored} errored, ${c.skipped} skipped (${run.durationMs} ms)`,
        );
      };
      let report: VerifyReport;
      if (flags.ledger) {
        if (flags.scenario || flags.rate || flags.duration || flags.faultWithhold || flags.faultDuplicate) {
          throw new UserError(
            '--ledger re-checks an earlier run: it cannot be combined with --scenario, --rate, --duration or --fault-*',
          );
        }
        const { ledger, lastWrittenMs } = await readLedgerFiles(flags.ledger);
        const endpoints = await readStackEndpoints(flags.dataDir);
        await requireQueryBackends(endpoints);
        progress(
          `re-checking run ${ledger.runId} (${ledger.scenario}) against VictoriaLogs ${endpoints.victoriaLogs}, Prometheus ${endpoints.prometheus}`,
        );
        // The ledger is written once the simulator has finished: every export is acknowledged by then.
        const lastExportMs = Math.max(ledger.window.endMs, lastWrittenMs);
        report = await verifyLedger(ledger, {
          endpoints,
          suites,
          maxLagP99Ms,
          onSuiteDone,
          lastExportMs,
          onProgress: progress,
        });
      } else {
        // Resolved (and so checked) against a stand-in endpoint first; the stack's own replaces it below.
        const resolved = await resolveSimulationConfig({
          scenario: flags.scenario,
          rate: flags.rate,
          duration: flags.duration,
          count: flags.count,
          protocol: flags.protocol,
          seed: flags.seed,
          endpoint: flags.protocol === 'http' ? 'http://127.0.0.1:4318' : '127.0.0.1:4317',
          ledger: flags.saveLedger,
          ledgerFlag: '--save-ledger',
          defaultLedgerDir: 'out',
          faultWithhold: flags.faultWithhold,
          faultDuplicate: flags.faultDuplicate,
          retryFor: flags.retryFor,
          dataDir: flags.dataDir,
        });
        if (!resolved.runTags)
          throw new UserError('verify needs run tags (aimon.run_id / aimon.seq) on every record');
        if (!Number.isFinite(resolved.durationMs) && resolved.count === undefined) {
          throw new UserError('verify needs a finite load: give --duration or --count');
        }
        const endpoints = await stackEndpoints(flags);
        const config = {
          ...resolved,
          endpoint: resolved.protocol === 'http' ? endpoints.otlpHttp : endpoints.otlpGrpc,
        };
        progress(
          `run id ${config.runId}: scenario ${config.scenario} → ${config.protocol} ${config.endpoint}`,
        );
        const result = await verifyLive({
          endpoints,
          suites,
          maxLagP99Ms,
          scrapesAfterExport,
          onProgress: progress,
          onSuiteDone,
          ...(config.thresholds?.length ? { thresholds: config.thresholds } : {}),
          load: async () => {
            const outcome = await runSimulation(config);
            const r = outcome.ledger.records;
            progress(
              `load: ${r.acknowledged} acknowledged, ${r.failed} failed, ${r.missed} missed at ${outcome.ledger.rate.achievedPerSec.toFixed(1)}/s`,
            );
            return outcome.ledger;
          },
        });
        report = result.report;
      }
      const written = await writeReports(report, { junit: flags.junit, json: flags.json, html: flags.html });
      if (flags.quiet) {
        const c = report.counts;
        process.stdout.write(
          `${report.passed ? 'PASSED' : 'FAILED'}: ${c.passed} passed, ${c.failed} failed, ${c.errored} errored, ${c.skipped} skipped (run ${report.runId})\n`,
        );
      } else {
        process.stdout.write(renderConsole(report, { width: process.stdout.columns }));
      }
      for (const path of written) log.info(`report: ${path}`);
      process.exitCode = report.passed ? 0 : 1;
    });
}

/** The running stack's endpoints; starts the native stack when none answers, unless --no-start. */
async function stackEndpoints(flags: VerifyFlags): Promise<StackEndpoints> {
  if (flags.start) return ensureStackUp({ dataDir: flags.dataDir });
  const endpoints = await readStackEndpoints(flags.dataDir);
  if (!(await endpointsAnswer(endpoints))) {
    throw new StackError(
      `no stack answers at ${endpoints.otlpGrpc} / ${endpoints.victoriaLogs} / ${endpoints.prometheus}`,
      [],
      'run `aimon stack up` first, or drop --no-start to let verify start it',
    );
  }
  return endpoints;
}

/**
 * `--ledger` queries VictoriaLogs and Prometheus only: both must answer (any HTTP response), or it is exit 3 rather
 * than a report in which every assertion errored.
 */
async function requireQueryBackends(endpoints: StackEndpoints): Promise<void> {
  const backends = [
    ['VictoriaLogs', `${endpoints.victoriaLogs}/health`],
    ['Prometheus', `${endpoints.prometheus}/-/ready`],
  ] as const;
  const down = await Promise.all(
    backends.map(async ([name, url]) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
        await response.arrayBuffer();
        return undefined;
      } catch {
        return `${name} (${url})`;
      }
    }),
  );
  const missing = down.filter((d) => d !== undefined);
  if (missing.length > 0) {
    throw new StackError(
      `nothing answers at ${missing.join(' and ')}: --ledger re-checks a run against the running stack; start it with \`aimon stack up\``,
    );
  }
}

function selectSuites(ids: string | undefined): typeof DEFAULT_SUITES {
  if (!ids) return DEFAULT_SUITES;
  const known = new Map(DEFAULT_SUITES.map((s) => [s.id, s]));
  return ids.split(',').map((raw) => {
    const id = raw.trim();
    const suite = known.get(id);
    if (!suite)
      throw new UserError(`--suites: unknown suite "${id}" (known: ${[...known.keys()].join(', ')})`);
    return suite;
  });
}

function positiveNumber(raw: string, what: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${what} "${raw}" is not a positive number`);
  return n;
}
