import { registerBackend } from '../assertions/backends/backend-access.js';
import { readLedgerFiles, type RunLedger } from '../core/ledger/index.js';
import type { SuiteRun } from '../assertions/run-suites.js';
import type { Suite } from '../assertions/suite.js';
import type { VerifyReport } from '../assertions/verify-report.js';
import { verifyLedger, verifyLive } from '../assertions/verify-session.js';
import { UserError } from '../core/errors.js';
import type { LoadedScenario } from '../scenarios/load-scenario.js';
import type { SimulationOptions } from '../simulator/simulation-options.js';
import { resolveSimulation, runResolvedSimulation, type SimulateResult } from './simulate.js';
import { lagProbeTarget, queryEndpointsOf, type VerifyTargets } from './verify-targets.js';

interface VerifyCommon {
  targets: VerifyTargets;
  /** Suites to run (default all, see DEFAULT_SUITES). */
  suites?: readonly Suite[];
  /** Also fail when the probe lag p99 exceeds this. */
  maxLagP99Ms?: number;
  /** How long to wait until the run is queryable (default 60 s). */
  settleTimeoutMs?: number;
  onProgress?(message: string): void;
  onSuiteDone?(run: SuiteRun): void;
}

/** Re-check a finished run: its ledger, a ledger file, or a sharded run's files (merged). Nothing is sent. */
export interface VerifyLedgerInput extends VerifyCommon {
  ledger: RunLedger | string | readonly string[];
  /** When the run's last export was acknowledged (default: a ledger file's mtime, else the ledger's last record). */
  lastExportMs?: number;
}

/** Send a scenario to targets.otlp, then check every record and number. */
export interface VerifyScenarioInput extends VerifyCommon {
  /** A built-in name, a YAML file, or a loaded scenario. */
  scenario: string | LoadedScenario;
  /** Everything else about the run (rate, count, run id, ledger file...); the target is targets.otlp. */
  simulation?: Omit<SimulationOptions, 'scenario' | 'target' | 'output'>;
  /** Prometheus scrapes of the exporter to wait for after the last metric export (default 1). */
  scrapesAfterExport?: number;
  /** Called with the load's result (its ledger, exit code) before the checks run. */
  onLoadDone?(result: SimulateResult): void;
}

export type VerifyInput = VerifyLedgerInput | VerifyScenarioInput;

/** Makes every backend reachable with its headers, auth and TLS (see assertions/backends/backend-access.ts). */
function registerTargets(targets: VerifyTargets): void {
  registerBackend(targets.victoriaLogs);
  registerBackend(targets.prometheus);
  if (targets.collectorMetrics) registerBackend(targets.collectorMetrics);
  const probes = lagProbeTarget(targets);
  if (probes) registerBackend(probes);
}

/**
 * Proves a stack ingested a run completely and shows it correctly: the ledger's records in VictoriaLogs, its totals in
 * Prometheus, every dashboard query. Returns the report (report.passed, report.results); failed checks are results,
 * not exceptions. Throws UserError for bad input and StackError when the load cannot reach the collector.
 */
export async function verify(input: VerifyInput): Promise<VerifyReport> {
  const { targets } = input;
  registerTargets(targets);
  const endpoints = queryEndpointsOf(targets);
  const common = {
    endpoints,
    ...(input.suites ? { suites: input.suites } : {}),
    ...(input.maxLagP99Ms !== undefined ? { maxLagP99Ms: input.maxLagP99Ms } : {}),
    ...(input.settleTimeoutMs !== undefined ? { settleTimeoutMs: input.settleTimeoutMs } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.onSuiteDone ? { onSuiteDone: input.onSuiteDone } : {}),
  };
  if ('ledger' in input) {
    let ledger: RunLedger;
    let lastExportMs = input.lastExportMs;
    if (typeof input.ledger === 'string' || Array.isArray(input.ledger)) {
      const read = await readLedgerFiles(typeof input.ledger === 'string' ? [input.ledger] : input.ledger);
      ledger = read.ledger;
      // A ledger file is written once the simulator has finished: every export is acknowledged by then.
      lastExportMs ??= Math.max(ledger.window.endMs, read.lastWrittenMs);
    } else {
      ledger = input.ledger as RunLedger;
      lastExportMs ??= ledger.window.endMs;
    }
    return verifyLedger(ledger, { ...common, lastExportMs });
  }
  if (!targets.otlp) throw new UserError('verify a scenario: targets.otlp is needed to send its load');
  const otlp = targets.otlp;
  const options: SimulationOptions = { ...input.simulation, scenario: input.scenario, target: otlp };
  if (options.runTags === false)
    throw new UserError('verify needs run tags (aimon.run_id / aimon.seq) on every record');
  const config = await resolveSimulation(options);
  if (!Number.isFinite(config.durationMs) && config.count === undefined)
    throw new UserError('verify needs a finite load: give a duration or a count');
  const { report } = await verifyLive({
    ...common,
    ...(input.scrapesAfterExport !== undefined ? { scrapesAfterExport: input.scrapesAfterExport } : {}),
    // k6-style thresholds from the scenario, evaluated after the suites.
    ...(config.thresholds?.length ? { thresholds: config.thresholds } : {}),
    load: async () => {
      const result = await runResolvedSimulation(config);
      input.onLoadDone?.(result);
      return result.ledger;
    },
  });
  return report;
}
