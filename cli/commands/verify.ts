import type { Command } from 'commander';
import { request } from 'undici';
import { readLedgerFiles } from '../../core/ledger/index.js';
import { accessFor, type BackendTarget } from '../../assertions/backends/backend-access.js';
import { countResults } from '../../assertions/assertion.js';
import { DEFAULT_SUITES } from '../../assertions/default-suites.js';
import { renderConsole } from '../../assertions/reporters/console-reporter.js';
import { writeReports } from '../../assertions/reporters/write-reports.js';
import type { SuiteRun } from '../../assertions/run-suites.js';
import type { VerifyReport } from '../../assertions/verify-report.js';
import { verify } from '../../api/verify.js';
import { targetsOfStack, type VerifyTargets } from '../../api/verify-targets.js';
import type { StackEndpoints } from '../../core/endpoints.js';
import { StackError, UserError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { checkWritableFile } from '../../core/writable-path.js';
import { endpointsAnswer, ensureStackUp } from '../../stack/native-stack.js';
import { readStackEndpoints } from '../../stack/stack-state.js';
import { addBackendOptions, backendTargetFromFlags, checkBaseUrl } from '../options/backend-flags.js';
import { simulationOptionsFromFlags } from '../options/simulate-flags.js';

interface VerifyFlags {
  scenario?: string;
  rate?: string;
  duration?: string;
  count?: string;
  endpoint?: string;
  protocol?: string;
  header?: string[];
  insecure?: boolean;
  insecureSkipVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  collectorMetricsUrl?: string;
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
  [backendFlag: string]: string | string[] | boolean | undefined;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerVerifyCommand(program: Command): void {
  const command = program
    .command('verify')
    .description('send a scenario through the stack and prove nothing was lost and every number is right')
    .option('--scenario <name|file>', 'built-in scenario or YAML file (default smoke)')
    .option('--rate <rate>', 'events per second, e.g. 500/s (default: the scenario)')
    .option('--duration <duration>', 'load duration, e.g. 30s (default: the scenario)')
    .option('--count <n>', 'stop the load after N events')
    .option(
      '--endpoint <endpoint>',
      "OTLP endpoint of a collector aimon did not start: host:port for gRPC, base URL for HTTP (default: aimon's stack)",
    )
    .option('--protocol <protocol>', 'grpc or http (default grpc)')
    .option('--header <key=value>', 'extra OTLP request header (repeatable)', collect)
    .option('--insecure', 'no TLS to the OTLP endpoint (OTel and telemetrygen meaning)')
    .option('--insecure-skip-verify', 'TLS to the OTLP endpoint without verifying its certificate')
    .option('--ca-file <file>', 'CA certificate for OTLP TLS (gRPC: enables TLS)')
    .option('--cert-file <file>', 'client certificate for OTLP mutual TLS')
    .option('--key-file <file>', 'client key for OTLP mutual TLS');
  addBackendOptions(command, 'victoriaLogs');
  addBackendOptions(command, 'prometheus');
  command
    .option(
      '--collector-metrics-url <url>',
      "the collector's own metrics page (otelcol_*, e.g. http://host:8888/metrics); without it, a stack given by flags has its collector loss counters skipped",
    )
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
      const given = givenTargets(flags);
      const progress = (message: string): void => {
        if (!flags.quiet) log.info(message);
      };
      const onSuiteDone = (run: SuiteRun): void => {
        const c = countResults(run.results);
        progress(
          `suite ${run.suite}: ${c.passed} passed, ${c.failed} failed, ${c.errored} errored, ${c.skipped} skipped (${run.durationMs} ms)`,
        );
      };
      const common = { suites, maxLagP99Ms, onSuiteDone, onProgress: progress };
      let report: VerifyReport;
      if (flags.ledger) {
        if (flags.scenario || flags.rate || flags.duration || flags.faultWithhold || flags.faultDuplicate) {
          throw new UserError(
            '--ledger re-checks an earlier run: it cannot be combined with --scenario, --rate, --duration or --fault-*',
          );
        }
        const { ledger, lastWrittenMs } = await readLedgerFiles(flags.ledger);
        const targets = await queryTargets(flags, given);
        await requireQueryBackends(targets);
        progress(
          `re-checking run ${ledger.runId} (${ledger.scenario}) against VictoriaLogs ${targets.victoriaLogs.url}, Prometheus ${targets.prometheus.url}`,
        );
        // The ledger is written once the simulator has finished: every export is acknowledged by then.
        const lastExportMs = Math.max(ledger.window.endMs, lastWrittenMs);
        report = await verify({ ...common, ledger, lastExportMs, targets });
      } else {
        // Resolved (and so checked) before the stack is touched; aimon's own stack is started only when no target
        // was given by flags (then a stand-in endpoint is replaced by the stack's below).
        const { scenario, target, ...simulation } = await simulationOptionsFromFlags({
          scenario: flags.scenario,
          rate: flags.rate,
          duration: flags.duration,
          count: flags.count,
          endpoint: flags.endpoint,
          protocol: flags.protocol,
          headers: flags.header ?? [],
          insecure: flags.insecure,
          insecureSkipVerify: flags.insecureSkipVerify,
          caFile: flags.caFile,
          certFile: flags.certFile,
          keyFile: flags.keyFile,
          seed: flags.seed,
          ledger: flags.saveLedger,
          ledgerFlag: '--save-ledger',
          defaultLedgerDir: 'out',
          faultWithhold: flags.faultWithhold,
          faultDuplicate: flags.faultDuplicate,
          retryFor: flags.retryFor,
          ...(given.any
            ? { dataDir: flags.dataDir }
            : { endpoint: flags.endpoint ?? standIn(flags.protocol) }),
        });
        if (!Number.isFinite(simulation.durationMs ?? 0) && simulation.count === undefined)
          throw new UserError('verify needs a finite load: give --duration or --count');
        let targets: VerifyTargets;
        if (given.any) {
          targets = { ...(await queryTargets(flags, given)), otlp: target! };
        } else {
          const endpoints = await stackEndpoints(flags);
          const own = targetsOfStack(endpoints, target!.protocol);
          targets = { ...own, otlp: { ...target!, endpoint: own.otlp!.endpoint } };
        }
        progress(
          `run id ${simulation.runId ?? '(generated)'}: scenario ${scenario.name} → ${targets.otlp!.protocol} ${targets.otlp!.endpoint}; VictoriaLogs ${targets.victoriaLogs.url}, Prometheus ${targets.prometheus.url}`,
        );
        report = await verify({
          ...common,
          scenario,
          simulation,
          targets,
          ...(scrapesAfterExport !== undefined ? { scrapesAfterExport } : {}),
          onLoadDone: (outcome) => {
            const r = outcome.ledger.records;
            progress(
              `load: ${r.acknowledged} acknowledged, ${r.failed} failed, ${r.missed} missed at ${outcome.ledger.rate.achievedPerSec.toFixed(1)}/s`,
            );
          },
        });
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

function standIn(protocol: string | undefined): string {
  return protocol === 'http' ? 'http://127.0.0.1:4318' : '127.0.0.1:4317';
}

interface GivenTargets {
  any: boolean;
  victoriaLogs?: BackendTarget;
  prometheus?: BackendTarget;
  collectorMetrics?: BackendTarget;
}

/** The targets named by flags, each checked (bad input is exit 2 before anything is sent or started). */
function givenTargets(flags: VerifyFlags): GivenTargets {
  const victoriaLogs = backendTargetFromFlags('victoriaLogs', flags);
  const prometheus = backendTargetFromFlags('prometheus', flags);
  const collectorMetrics = flags.collectorMetricsUrl
    ? { url: checkBaseUrl(flags.collectorMetricsUrl, '--collector-metrics-url') }
    : undefined;
  return {
    any: !!(flags.endpoint || victoriaLogs || prometheus || collectorMetrics),
    ...(victoriaLogs ? { victoriaLogs } : {}),
    ...(prometheus ? { prometheus } : {}),
    ...(collectorMetrics ? { collectorMetrics } : {}),
  };
}

/**
 * The stores to query: those given by flags; any left out come from aimon's stack state file. With targets given by
 * flags, aimon's collector metrics page is used only when every target is aimon's own.
 */
async function queryTargets(flags: VerifyFlags, given: GivenTargets): Promise<VerifyTargets> {
  const own =
    !given.victoriaLogs || !given.prometheus
      ? targetsOfStack(await readStackEndpoints(flags.dataDir))
      : undefined;
  const victoriaLogs = given.victoriaLogs ?? own!.victoriaLogs;
  const prometheus = given.prometheus ?? own!.prometheus;
  const collectorMetrics = given.collectorMetrics ?? (given.any ? undefined : own?.collectorMetrics);
  return {
    victoriaLogs,
    prometheus,
    ...(collectorMetrics ? { collectorMetrics } : {}),
    ...(!given.any && own
      ? { collectorPrometheusExporter: own.collectorPrometheusExporter!, lagProbes: own.lagProbes! }
      : {}),
  };
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
async function requireQueryBackends(targets: VerifyTargets): Promise<void> {
  const backends = [
    ['VictoriaLogs', targets.victoriaLogs, '/health'],
    ['Prometheus', targets.prometheus, '/-/ready'],
  ] as const;
  const down = await Promise.all(
    backends.map(async ([name, target, path]) => {
      const url = `${target.url}${path}`;
      const access = accessFor(target);
      try {
        const response = await request(url, {
          headers: access.headers,
          signal: AbortSignal.timeout(3_000),
          ...(access.dispatcher ? { dispatcher: access.dispatcher } : {}),
        });
        await response.body.arrayBuffer();
        return undefined;
      } catch {
        return `${name} (${url})`;
      }
    }),
  );
  const missing = down.filter((d) => d !== undefined);
  if (missing.length > 0) {
    throw new StackError(
      `nothing answers at ${missing.join(' and ')}: --ledger re-checks a run against a running stack; start it with \`aimon stack up\` or name it with --victorialogs-url / --prometheus-url`,
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
