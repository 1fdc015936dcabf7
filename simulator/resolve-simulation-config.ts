/**
 * Scenario resolution: a loaded scenario plus typed options (options > scenario > defaults) → the run's
 * SimulationConfig. Pure: no file system, network, clock, randomness, environment or working directory. The edges
 * (api/simulate.ts, cli/options/simulate-flags.ts) parse strings, generate the run id and make paths absolute
 * before calling; every problem is a one-line UserError naming the option or the scenario field.
 */
import { AGENT_IDS, perAgent } from '../core/agents.js';
import { isAbsolute } from 'node:path';
import { parseDurationMs, parseRunLengthMs } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import type { AgentName } from '../core/ledger/index.js';
import { parseRate } from '../core/rate.js';
import { checkRunId } from '../core/run-id.js';
import type { LoadedScenario } from '../scenarios/load-scenario.js';
import type { Scenario } from '../scenarios/scenario-schema.js';
import { parseThreshold, type Threshold, type ThresholdMetricName } from '../scenarios/thresholds.js';
import type { WorkloadProfile } from './agents/agent-model.js';
import { resolveNamedLoads } from './named-loads.js';
import { partitionsOfShard } from './partition.js';
import { planPopulation, POPULATION_DEFAULTS, type PopulationPlan } from './population.js';
import type { RateStage } from './schedule/scheduler.js';
import { ENGINE_DEFAULTS, type NamedLoadPlan, type SimulationConfig } from './simulation-config.js';
import type { SimulationOptions } from './simulation-options.js';
import { WORKLOAD_DEFAULTS } from './workload-defaults.js';
import { workloadProfiles } from './workload-profiles.js';

/** Options as the edges hand them over: the run id chosen, every path absolute. */
export type ResolvableOptions = Omit<SimulationOptions, 'scenario' | 'runId'> & { runId: string };

/** The load: its rate plan, mix and model, after options, named loads and the population model have had their say. */
interface LoadPlan {
  stages: RateStage[] | null;
  targetPerSec: number | null;
  durationMs: number;
  agentShare: Record<AgentName, number>;
  profiles: Record<AgentName, WorkloadProfile>;
  loads?: NamedLoadPlan[];
  loadModel: 'rate' | 'population';
  population?: PopulationPlan;
}

export function resolveSimulationConfig(
  loaded: LoadedScenario,
  options: ResolvableOptions,
): SimulationConfig {
  const sc = loaded.scenario;
  const where = loaded.file;
  checkOptions(options);
  const seed = options.seed ?? sc.seed ?? WORKLOAD_DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0) throw new UserError(`seed ${seed} is not a non-negative integer`);
  const logPrompts = options.logPrompts ?? sc.logPrompts ?? WORKLOAD_DEFAULTS.logPrompts;
  const plan = planLoad(sc, where, options, { seed, logPrompts });
  const shard = options.shard ?? { index: 1, count: 1 };
  const threads = options.threads ?? 1;
  checkPartitionsFit(plan, partitionsOfShard(shard, threads)[0]!.count, where);
  checkRunId(options.runId);
  const count = options.count ?? sc.count;
  const config: SimulationConfig = {
    runId: options.runId,
    seed,
    scenario: loaded.name,
    // The scenario's expected alerts hold for its own load: another rate, length or count changes what fires.
    ...(sc.expectAlerts &&
    options.ratePerSec === undefined &&
    options.durationMs === undefined &&
    options.count === undefined
      ? { expectedAlerts: sc.expectAlerts }
      : {}),
    stages: plan.stages,
    targetPerSec: plan.targetPerSec,
    durationMs: plan.durationMs,
    ...(count !== undefined ? { count } : {}),
    shard,
    threads,
    agentShare: plan.agentShare,
    profiles: plan.profiles,
    ...(plan.loads ? { loads: plan.loads } : {}),
    loadModel: plan.loadModel,
    ...(plan.population ? { population: plan.population } : {}),
    thresholds: thresholdsOf(sc),
    ...transportOf(options),
    runTags: options.runTags ?? true,
    temporality: options.temporality ?? sc.temporality ?? 'delta',
    metricIntervalMs: options.metricIntervalMs ?? ENGINE_DEFAULTS.metricIntervalMs,
    ...(options.ledgerFile ? { ledgerFile: absolute(options.ledgerFile, 'ledgerFile') } : {}),
    faults: { withhold: options.faults?.withhold ?? [], duplicate: options.faults?.duplicate ?? [] },
    // k6's preAllocatedVUs, read as each load's share of the cap on export requests in flight.
    maxInFlight:
      options.maxInFlight ??
      (plan.loads ? plan.loads.reduce((sum, l) => sum + l.preAllocatedVUs, 0) : ENGINE_DEFAULTS.maxInFlight),
    maxBatchSize: options.maxBatchSize ?? ENGINE_DEFAULTS.maxBatchSize,
    batchDelayMs: ENGINE_DEFAULTS.batchDelayMs,
    missAfterMs: ENGINE_DEFAULTS.missAfterMs,
    exportTimeoutMs: ENGINE_DEFAULTS.exportTimeoutMs,
    maxQueuedRecords: ENGINE_DEFAULTS.maxQueuedRecords,
    retry: {
      ...ENGINE_DEFAULTS.retry,
      ...(options.retryForMs !== undefined ? { retryForMs: options.retryForMs } : {}),
    },
  };
  if (config.stages === null && !Number.isFinite(config.durationMs) && config.count === undefined)
    throw new UserError('--rate max needs --count N or a finite --duration');
  if (!(config.durationMs > 0))
    throw new UserError(`${where}: stages: they last 0s in all, nothing would be sent`);
  return config;
}

function checkPositiveInt(value: number | undefined, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0))
    throw new UserError(`${what} ${value} is not a positive integer`);
}

/** The typed options' own ranges (a library caller's numbers are checked as the CLI's strings are). */
function checkOptions(options: ResolvableOptions): void {
  checkPositiveInt(options.count, 'count');
  checkPositiveInt(options.maxInFlight, 'maxInFlight');
  checkPositiveInt(options.maxBatchSize, 'maxBatchSize');
  if (options.ratePerSec !== undefined && options.ratePerSec !== 'max' && !(options.ratePerSec > 0))
    throw new UserError(`ratePerSec ${options.ratePerSec} is not a rate (expected a number > 0 or 'max')`);
  if (options.durationMs !== undefined && !(options.durationMs > 0))
    throw new UserError(`durationMs ${options.durationMs} is not a run length (expected more than 0)`);
  const metricIntervalMs = options.metricIntervalMs;
  if (metricIntervalMs !== undefined && (!(metricIntervalMs >= 10) || !Number.isFinite(metricIntervalMs)))
    throw new UserError(`metricIntervalMs ${metricIntervalMs} must be at least 10 and finite`);
}

function absolute(path: string, what: string): string {
  if (!isAbsolute(path)) throw new UserError(`${what} ${JSON.stringify(path)} must be an absolute path`);
  return path;
}

/** Transport: exactly one of a target and an output file. */
function transportOf(
  options: ResolvableOptions,
): Pick<SimulationConfig, 'protocol' | 'endpoint' | 'headers' | 'tls'> {
  if (options.target && options.output)
    throw new UserError('give either a target (send OTLP) or an output file, not both');
  if (options.output)
    return { protocol: 'file', endpoint: absolute(options.output, 'output'), headers: {}, tls: {} };
  if (!options.target)
    throw new UserError('no OTLP target: give an endpoint (or an output file to write instead of sending)');
  return {
    protocol: options.target.protocol,
    endpoint: options.target.endpoint,
    headers: { ...options.target.headers },
    tls: { ...options.target.tls },
  };
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

/** The scenario's own rate plan: its stages, or one stage of rate × duration. */
function scenarioStages(
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
  const durationMs = parseRunLengthMs(scenario.duration ?? '30s', `${where}: duration`);
  return { stages: rate === null ? null : [{ durationMs, targetPerSec: rate }], target: rate };
}

/**
 * The scenario's stages (or rate × duration); ratePerSec replaces them with one constant stage, durationMs cuts or
 * extends them (holding the last rate), count alone lets them run until N events. Named loads and the population
 * model then take over the plan where the scenario uses them.
 */
function planLoad(
  sc: Scenario,
  where: string,
  options: ResolvableOptions,
  workload: { seed: number; logPrompts: boolean },
): LoadPlan {
  const own = scenarioStages(sc, where);
  let stages = own.stages;
  let target = own.target;
  let durationMs = stages
    ? stages.reduce((s, st) => s + st.durationMs, 0)
    : parseRunLengthMs(sc.duration ?? '30s', `${where}: duration`);
  if (options.durationMs !== undefined) durationMs = options.durationMs;
  else if (options.count !== undefined) durationMs = Infinity;
  if (options.ratePerSec !== undefined) {
    target = options.ratePerSec === 'max' ? null : options.ratePerSec;
    stages = target === null ? null : [{ durationMs, targetPerSec: target }];
  } else if (stages) {
    const planned = stages.reduce((s, st) => s + st.durationMs, 0);
    if (durationMs > planned)
      stages = [...stages, { durationMs: durationMs - planned, targetPerSec: stages.at(-1)!.targetPerSec }];
    // The ramp's starting rate, as a zero-length first stage.
    if (own.startPerSec !== undefined) stages = [{ durationMs: 0, targetPerSec: own.startPerSec }, ...stages];
  }
  const { agentShare, profiles } = workloadProfiles(sc, { ...workload, where });
  const plan: LoadPlan = {
    stages,
    targetPerSec: target,
    durationMs,
    agentShare,
    profiles,
    loadModel: sc.loadModel ?? (sc.population ? 'population' : 'rate'),
  };
  // k6's named scenarios, unless ratePerSec replaces them with one constant load.
  if (sc.scenarios && options.ratePerSec === undefined) {
    const named = resolveNamedLoads(sc, { ...workload, where });
    plan.loads = named.loads;
    plan.stages = named.stages;
    plan.targetPerSec = null;
    if (options.durationMs === undefined) plan.durationMs = named.durationMs;
  }
  return plan.loadModel === 'population' ? withPopulation(plan, sc, where, options) : plan;
}

/** The population model: the rate follows from the people (or, given a rate, the people from it). */
function withPopulation(plan: LoadPlan, sc: Scenario, where: string, options: ResolvableOptions): LoadPlan {
  const population = planPopulation(
    {
      ...(options.ratePerSec === undefined && sc.population?.users !== undefined
        ? { users: sc.population.users }
        : { ratePerSec: plan.targetPerSec ?? undefined }),
      promptsPerHour: sc.population?.promptsPerHour ?? POPULATION_DEFAULTS.promptsPerHour,
      sessionMinutes: sc.population?.sessionMinutes ?? POPULATION_DEFAULTS.sessionMinutes,
      timeScale: sc.timeScale ?? POPULATION_DEFAULTS.timeScale,
      shares: plan.agentShare,
    },
    where,
  );
  if (population.ratePerSec === undefined || !(population.ratePerSec > 0))
    throw new UserError(`${where}: population: give population.users or a rate (not max)`);
  const person = (agent: AgentName): WorkloadProfile => ({
    ...plan.profiles[agent],
    users: Math.max(1, population.usersByAgent[agent]),
    concurrentSessions: Math.max(1, population.usersByAgent[agent]),
    promptsPerSession: population.promptsPerSession,
  });
  return {
    ...plan,
    targetPerSec: population.ratePerSec,
    stages: [{ durationMs: plan.durationMs, targetPerSec: population.ratePerSec }],
    agentShare: population.eventWeights,
    profiles: perAgent(person),
    population,
  };
}

/** Every load's simulated agents (the run's, or each named load's) need a user and a session per partition. */
function checkPartitionsFit(plan: LoadPlan, partitionCount: number, where: string): void {
  for (const workload of plan.loads ?? [
    { name: undefined, agentShare: plan.agentShare, profiles: plan.profiles },
  ]) {
    for (const agent of AGENT_IDS) {
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
}
