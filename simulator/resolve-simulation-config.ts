import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseDurationMs } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import type { AgentName } from '../core/ledger.js';
import { checkWritableFile } from '../core/writable-path.js';
import { readStackEndpoints } from '../stack/stack-state.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import type { Scenario } from '../scenarios/scenario-schema.js';
import type { WorkloadProfile } from './agents/agent-model.js';
import { resolveNamedLoads } from './named-loads.js';
import { planPopulation, POPULATION_DEFAULTS, type PopulationPlan } from './population.js';
import { parseThreshold, type Threshold, type ThresholdMetricName } from '../scenarios/thresholds.js';
import { checkEndpoint, checkHeaders, checkTlsFiles } from './check-transport-inputs.js';
import { parseSeqRanges } from './ledger/seq-ranges.js';
import { parseShard, parseThreads, partitionsOfShard } from './partition.js';
import { parseRate } from './rate.js';
import type { RateStage } from './schedule/scheduler.js';
import { ENGINE_DEFAULTS, type NamedLoadPlan, type SimulationConfig } from './simulation-config.js';
import { WORKLOAD_DEFAULTS } from './workload-defaults.js';
import { workloadProfiles } from './workload-profiles.js';

/** Overrides as the CLI (or verify) gives them: strings are parsed here, with one-line UserErrors. */
export interface SimulationOverrides {
  /** Built-in name or YAML file (default smoke). */
  scenario?: string;
  rate?: string;
  duration?: string;
  count?: number | string;
  endpoint?: string;
  protocol?: string;
  /** "k=v" strings (repeatable flag) or a map. */
  headers?: string[] | Record<string, string>;
  insecure?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
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
  /** Stack data dir whose stack.json gives the default endpoints. */
  dataDir?: string;
  /** `--shard i/n`: send shard i of n (simulator/partition.ts); n > 1 needs runId. */
  shard?: string;
  /** `--threads t`: generator threads in this process. */
  threads?: number | string;
}

export function generateRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `sim-${stamp}-${randomBytes(3).toString('hex')}`;
}

function positiveInt(raw: number | string, what: string): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${what} "${raw}" is not a positive integer`);
  return n;
}

export function parseHeaders(raw: string[] | Record<string, string> | undefined): Record<string, string> {
  if (!raw) return {};
  if (!Array.isArray(raw)) return { ...raw };
  const headers: Record<string, string> = {};
  for (const item of raw) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UserError(`--header "${item}" is not a header (expected key=value)`);
    headers[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return headers;
}

/** A run length: a duration longer than zero (or inf); a run of 0s would send nothing. */
function runLengthMs(text: string, what: string): number {
  const ms = parseDurationMs(text, what);
  if (!(ms > 0))
    throw new UserError(`${what} "${text}" is not a run length (expected more than 0, e.g. 30s)`);
  return ms;
}

/** The scenario's thresholds, parsed (the schema has checked every one). */
function thresholdsOf(scenario: Scenario): Threshold[] {
  return Object.entries(scenario.thresholds ?? {}).flatMap(([metric, expressions]) =>
    expressions.map((expression) => {
      const parsed = parseThreshold(metric as ThresholdMetricName, expression);
      if (typeof parsed === 'string') throw new UserError(`thresholds.${metric}: ${parsed}`);
      return parsed;
    }),
  );
}

function stagesFrom(
  scenario: Scenario,
  where: string,
): { stages: RateStage[] | null; target: number | null; startPerSec?: number } {
  if (scenario.stages) {
    const stages = scenario.stages.map((s, i) => {
      const target = parseRate(s.target, `${where}: stages[${i}].target`);
      if (target === null) throw new UserError(`${where}: stages[${i}].target cannot be max in a ramp`);
      return {
        durationMs: parseDurationMs(s.duration, `${where}: stages[${i}].duration`),
        targetPerSec: target,
      };
    });
    const start =
      scenario.startRate !== undefined ? parseRate(scenario.startRate, `${where}: startRate`) : undefined;
    const first = stages[0]!;
    if (start !== undefined && start !== null) {
      return { stages, target: null, startPerSec: start };
    }
    return {
      stages,
      target: stages.every((s) => s.targetPerSec === first.targetPerSec) ? first.targetPerSec : null,
    };
  }
  const rate = parseRate(scenario.rate ?? '500/s', `${where}: rate`);
  const durationMs = runLengthMs(scenario.duration ?? '30s', `${where}: duration`);
  return { stages: rate === null ? null : [{ durationMs, targetPerSec: rate }], target: rate };
}

/** Builds a SimulationConfig from a scenario plus overrides (flags > environment > scenario > defaults). */
export async function resolveSimulationConfig(
  overrides: SimulationOverrides = {},
): Promise<SimulationConfig> {
  const loaded = await loadScenario(overrides.scenario ?? WORKLOAD_DEFAULTS.scenario);
  const sc = loaded.scenario;
  const where = loaded.file;

  // Rate plan: the scenario's stages (or rate × duration); --rate replaces it with one constant stage,
  // --duration cuts or extends it (holding the last rate), --count alone lets it run until N events.
  const plan = stagesFrom(sc, where);
  let stages = plan.stages;
  let target = plan.target;
  let durationMs = stages
    ? stages.reduce((s, st) => s + st.durationMs, 0)
    : runLengthMs(sc.duration ?? '30s', `${where}: duration`);
  const count = overrides.count !== undefined ? positiveInt(overrides.count, '--count') : sc.count;
  if (overrides.duration !== undefined) durationMs = runLengthMs(overrides.duration, '--duration');
  else if (overrides.count !== undefined) durationMs = Infinity;
  if (overrides.rate !== undefined) {
    target = parseRate(overrides.rate);
    stages = target === null ? null : [{ durationMs, targetPerSec: target }];
  } else if (stages) {
    const planned = stages.reduce((s, st) => s + st.durationMs, 0);
    if (durationMs > planned)
      stages = [...stages, { durationMs: durationMs - planned, targetPerSec: stages.at(-1)!.targetPerSec }];
  }
  if (stages && plan.startPerSec !== undefined && overrides.rate === undefined) {
    // The ramp's starting rate, as a zero-length first stage.
    stages = [{ durationMs: 0, targetPerSec: plan.startPerSec }, ...stages];
  }

  const seed = overrides.seed !== undefined ? Number(overrides.seed) : (sc.seed ?? WORKLOAD_DEFAULTS.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UserError(`--seed "${overrides.seed}" is not a non-negative integer`);

  // Transport.
  let protocol: SimulationConfig['protocol'];
  let endpoint: string;
  if (overrides.output) {
    protocol = 'file';
    endpoint = resolve(overrides.output);
    checkWritableFile(overrides.output, '--output', { allowDevices: true });
  } else {
    const p = overrides.protocol ?? 'grpc';
    if (p !== 'grpc' && p !== 'http')
      throw new UserError(`--protocol "${p}" is not a protocol (expected grpc or http)`);
    protocol = p;
    if (overrides.endpoint) {
      endpoint = overrides.endpoint;
      checkEndpoint(endpoint, protocol);
    } else {
      const endpoints = await readStackEndpoints(overrides.dataDir);
      endpoint = protocol === 'grpc' ? endpoints.otlpGrpc : endpoints.otlpHttp;
    }
  }
  checkTlsFiles(overrides);
  const headers = parseHeaders(overrides.headers);
  checkHeaders(headers, protocol);

  const temporality = overrides.temporality ?? sc.temporality ?? 'delta';
  if (temporality !== 'delta' && temporality !== 'cumulative') {
    throw new UserError(`--temporality "${temporality}" is not a temporality (expected delta or cumulative)`);
  }
  const metricIntervalMs =
    overrides.metricInterval !== undefined
      ? parseDurationMs(overrides.metricInterval, '--metric-interval')
      : ENGINE_DEFAULTS.metricIntervalMs;
  if (!(metricIntervalMs >= 10) || !Number.isFinite(metricIntervalMs)) {
    throw new UserError(
      `--metric-interval "${overrides.metricInterval}" must be between 10ms and a finite duration`,
    );
  }

  const logPrompts = overrides.logPrompts ?? sc.logPrompts ?? WORKLOAD_DEFAULTS.logPrompts;
  let { agentShare, profiles } = workloadProfiles(sc, { seed, logPrompts, where });

  // k6's named scenarios, unless --rate replaces them with one constant load.
  let loads: NamedLoadPlan[] | undefined;
  if (sc.scenarios && overrides.rate === undefined) {
    const named = resolveNamedLoads(sc, { seed, logPrompts, where });
    loads = named.loads;
    stages = named.stages;
    target = null;
    durationMs = overrides.duration !== undefined ? durationMs : named.durationMs;
  }

  // The population model: the rate follows from the people (or, given a rate, the people from it).
  const loadModel = sc.loadModel ?? (sc.population ? 'population' : 'rate');
  let population: PopulationPlan | undefined;
  if (loadModel === 'population') {
    population = planPopulation(
      {
        ...(overrides.rate === undefined && sc.population?.users !== undefined
          ? { users: sc.population.users }
          : { ratePerSec: target ?? undefined }),
        promptsPerHour: sc.population?.promptsPerHour ?? POPULATION_DEFAULTS.promptsPerHour,
        sessionMinutes: sc.population?.sessionMinutes ?? POPULATION_DEFAULTS.sessionMinutes,
        timeScale: sc.timeScale ?? POPULATION_DEFAULTS.timeScale,
        shares: agentShare,
      },
      where,
    );
    if (population.ratePerSec === undefined || !(population.ratePerSec > 0))
      throw new UserError(`${where}: population: give population.users or a rate (not max)`);
    target = population.ratePerSec;
    stages = [{ durationMs, targetPerSec: target }];
    agentShare = population.eventWeights;
    const plan = population;
    const person = (agent: AgentName): WorkloadProfile => ({
      ...profiles[agent],
      users: Math.max(1, plan.usersByAgent[agent]),
      concurrentSessions: Math.max(1, plan.usersByAgent[agent]),
      promptsPerSession: plan.promptsPerSession,
    });
    profiles = { claude_code: person('claude_code'), codex: person('codex') };
  }

  const shard = overrides.shard !== undefined ? parseShard(overrides.shard) : { index: 1, count: 1 };
  const threads = overrides.threads !== undefined ? parseThreads(overrides.threads) : 1;
  const partitionCount = partitionsOfShard(shard, threads)[0]!.count;
  if (shard.count > 1 && overrides.runId === undefined) {
    throw new UserError(
      `--shard ${shard.index}/${shard.count} needs --run-id: every shard of a run must carry the same one, so that one verify covers them`,
    );
  }
  // Every load's simulated agents (the run's, or each named load's) need a user and a session per partition.
  for (const workload of loads ?? [{ name: undefined, agentShare, profiles }]) {
    for (const agent of ['claude_code', 'codex'] as const) {
      if (!(workload.agentShare[agent] > 0)) continue;
      for (const key of ['users', 'concurrentSessions'] as const) {
        const value = workload.profiles[agent][key];
        if (value < partitionCount) {
          const field = workload.name === undefined ? key : `scenarios.${workload.name}.${key}`;
          throw new UserError(
            `${where}: ${field} is ${value}, fewer than the run's ${partitionCount} partitions (shards × threads): each needs one at least`,
          );
        }
      }
    }
  }
  const runId = overrides.runId ?? generateRunId();
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(runId)) {
    throw new UserError(`--run-id "${runId}" is not a run id (expected letters, digits, . _ : - only)`);
  }
  const config: SimulationConfig = {
    runId,
    seed,
    scenario: loaded.name,
    stages,
    targetPerSec: target,
    durationMs,
    ...(count !== undefined ? { count } : {}),
    shard,
    threads,
    agentShare,
    profiles,
    ...(loads ? { loads } : {}),
    loadModel,
    ...(population ? { population } : {}),
    thresholds: thresholdsOf(sc),
    protocol,
    endpoint,
    headers,
    tls: {
      ...(overrides.insecure ? { insecureSkipVerify: true } : {}),
      ...(overrides.caFile ? { caFile: overrides.caFile } : {}),
      ...(overrides.certFile ? { certFile: overrides.certFile } : {}),
      ...(overrides.keyFile ? { keyFile: overrides.keyFile } : {}),
    },
    runTags: overrides.runTags ?? true,
    temporality,
    metricIntervalMs,
    ...(overrides.ledger
      ? { ledgerFile: resolve(overrides.ledger) }
      : overrides.defaultLedgerDir
        ? { ledgerFile: resolve(overrides.defaultLedgerDir, runId, 'ledger.json') }
        : {}),
    faults: {
      withhold: overrides.faultWithhold ? parseSeqRanges(overrides.faultWithhold, '--fault-withhold') : [],
      duplicate: overrides.faultDuplicate
        ? parseSeqRanges(overrides.faultDuplicate, '--fault-duplicate')
        : [],
    },
    // k6's preAllocatedVUs, read as each load's share of the cap on export requests in flight.
    maxInFlight:
      overrides.maxInFlight !== undefined
        ? positiveInt(overrides.maxInFlight, '--max-in-flight')
        : loads
          ? loads.reduce((sum, l) => sum + l.preAllocatedVUs, 0)
          : ENGINE_DEFAULTS.maxInFlight,
    maxBatchSize:
      overrides.batchSize !== undefined
        ? positiveInt(overrides.batchSize, '--batch-size')
        : ENGINE_DEFAULTS.maxBatchSize,
    batchDelayMs: ENGINE_DEFAULTS.batchDelayMs,
    missAfterMs: ENGINE_DEFAULTS.missAfterMs,
    exportTimeoutMs: ENGINE_DEFAULTS.exportTimeoutMs,
    maxQueuedRecords: ENGINE_DEFAULTS.maxQueuedRecords,
    retry: {
      ...ENGINE_DEFAULTS.retry,
      ...(overrides.retryFor !== undefined
        ? { retryForMs: parseDurationMs(overrides.retryFor, '--retry-for') }
        : {}),
    },
  };
  if (config.stages === null && !Number.isFinite(config.durationMs) && config.count === undefined) {
    throw new UserError('--rate max needs --count N or a finite --duration');
  }
  if (!(config.durationMs > 0))
    throw new UserError(`${where}: stages: they last 0s in all, nothing would be sent`);
  // The ledger is written when the run ends: find out now that it can be, not after the run.
  if (overrides.ledger) checkWritableFile(overrides.ledger, overrides.ledgerFlag ?? '--ledger');
  else if (config.ledgerFile) checkWritableFile(config.ledgerFile, 'ledger');
  return config;
}
