import { resolve } from 'node:path';
import { parseDurationMs, parseRunLengthMs } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { checkWritableFile } from '../../core/writable-path.js';
import { loadScenario } from '../../scenarios/load-scenario.js';
import { parseSeqRanges } from './seq-ranges-flag.js';
import { parseShard, parseThreads } from '../../simulator/partition.js';
import { parseRate } from '../../core/rate.js';
import { resolveSimulation } from '../../api/simulate.js';
import { checkRunId, generateRunId } from '../../core/run-id.js';
import type { SimulationConfig } from '../../simulator/simulation-config.js';
import type { SimulationOptions } from '../../simulator/simulation-options.js';
import { WORKLOAD_DEFAULTS } from '../../simulator/workload-defaults.js';
import { readStackEndpoints } from '../../stack/stack-state.js';
import { otlpTargetFromFlags, type OtlpFlags } from './otlp-flags.js';

/** `aimon simulate` (and verify's load) as the command line gives it: strings, parsed here with flag-named errors. */
export interface SimulationFlags extends OtlpFlags {
  /** Built-in name or YAML file (default smoke). */
  scenario?: string;
  rate?: string;
  duration?: string;
  count?: number | string;
  output?: string;
  runId?: string;
  /** Without --ledger, write the ledger to <dir>/<runId>/ledger.json (the CLI uses out/). */
  defaultLedgerDir?: string;
  seed?: number | string;
  runTags?: boolean;
  temporality?: string;
  metricInterval?: string;
  ledger?: string;
  /** The flag that named `ledger`, for messages (verify's is --save-ledger). */
  ledgerFlag?: string;
  faultWithhold?: string;
  faultDuplicate?: string;
  logPrompts?: boolean;
  maxInFlight?: number | string;
  batchSize?: number | string;
  /** How long a batch is retried through an outage before it counts as failed (e.g. 60s, 0s, inf). */
  retryFor?: string;
  /** `--shard i/n`: send shard i of n (simulator/partition.ts); n > 1 needs runId. */
  shard?: string;
  /** `--threads t`: generator threads in this process. */
  threads?: number | string;
  /** Stack data dir whose stack.json gives the endpoint when none is given. */
  dataDir?: string;
}

function positiveInt(raw: number | string, what: string): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${what} "${raw}" is not a positive integer`);
  return n;
}

/**
 * Parses the flags into SimulationOptions (the library's typed config): every problem is one UserError naming the
 * flag. Without --endpoint, --otel-env or --output, the endpoint is the running stack's (its state file).
 */
export async function simulationOptionsFromFlags(
  flags: SimulationFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SimulationOptions & { scenario: Awaited<ReturnType<typeof loadScenario>> }> {
  const scenario = await loadScenario(flags.scenario ?? WORKLOAD_DEFAULTS.scenario);
  const options: SimulationOptions & { scenario: typeof scenario } = { scenario };
  if (flags.count !== undefined) options.count = positiveInt(flags.count, '--count');
  if (flags.duration !== undefined) options.durationMs = parseRunLengthMs(flags.duration, '--duration');
  if (flags.rate !== undefined) options.ratePerSec = parseRate(flags.rate) ?? 'max';
  if (flags.seed !== undefined) {
    const seed = Number(flags.seed);
    if (!Number.isInteger(seed) || seed < 0)
      throw new UserError(`--seed "${flags.seed}" is not a non-negative integer`);
    options.seed = seed;
  }

  if (flags.output) {
    checkWritableFile(flags.output, '--output', { allowDevices: true });
    options.output = resolve(flags.output);
  } else {
    options.target = await otlpTargetFromFlags(flags, env, async (protocol) => {
      const endpoints = await readStackEndpoints(flags.dataDir);
      return protocol === 'grpc' ? endpoints.otlpGrpc : endpoints.otlpHttp;
    });
  }

  if (flags.temporality !== undefined) {
    if (flags.temporality !== 'delta' && flags.temporality !== 'cumulative')
      throw new UserError(
        `--temporality "${flags.temporality}" is not a temporality (expected delta or cumulative)`,
      );
    options.temporality = flags.temporality;
  }
  if (flags.metricInterval !== undefined) {
    const ms = parseDurationMs(flags.metricInterval, '--metric-interval');
    if (!(ms >= 10) || !Number.isFinite(ms))
      throw new UserError(
        `--metric-interval "${flags.metricInterval}" must be between 10ms and a finite duration`,
      );
    options.metricIntervalMs = ms;
  }
  if (flags.runId !== undefined) {
    checkRunId(flags.runId, '--run-id');
    options.runId = flags.runId;
  }
  if (flags.runTags !== undefined) options.runTags = flags.runTags;
  if (flags.logPrompts !== undefined) options.logPrompts = flags.logPrompts;
  options.faults = {
    withhold: flags.faultWithhold ? parseSeqRanges(flags.faultWithhold, '--fault-withhold') : [],
    duplicate: flags.faultDuplicate ? parseSeqRanges(flags.faultDuplicate, '--fault-duplicate') : [],
  };
  if (flags.maxInFlight !== undefined)
    options.maxInFlight = positiveInt(flags.maxInFlight, '--max-in-flight');
  if (flags.batchSize !== undefined) options.maxBatchSize = positiveInt(flags.batchSize, '--batch-size');
  if (flags.retryFor !== undefined) options.retryForMs = parseDurationMs(flags.retryFor, '--retry-for');
  if (flags.shard !== undefined) {
    options.shard = parseShard(flags.shard);
    if (options.shard.count > 1 && options.runId === undefined)
      throw new UserError(
        `--shard ${options.shard.index}/${options.shard.count} needs --run-id: every shard of a run must carry the same one, so that one verify covers them`,
      );
  }
  if (flags.threads !== undefined) options.threads = parseThreads(flags.threads);
  // The ledger is written when the run ends: whether it can be is checked now, not after the run.
  if (flags.ledger) {
    checkWritableFile(flags.ledger, flags.ledgerFlag ?? '--ledger');
    options.ledgerFile = resolve(flags.ledger);
  } else if (flags.defaultLedgerDir) {
    options.runId ??= generateRunId();
    options.ledgerFile = resolve(flags.defaultLedgerDir, options.runId, 'ledger.json');
    checkWritableFile(options.ledgerFile, 'ledger');
  }
  return options;
}

/** Flags → a checked SimulationConfig (verify's load, tests and benchmarks). */
export async function resolveSimulationFlags(
  flags: SimulationFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SimulationConfig> {
  return resolveSimulation(await simulationOptionsFromFlags(flags, env));
}
