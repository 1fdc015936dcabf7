import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseDurationMs } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import type { AgentName } from '../core/ledger/index.js';
import type { LoadedScenario } from '../scenarios/load-scenario.js';
import type { Scenario } from '../scenarios/scenario-schema.js';
import type { WorkloadProfile } from './agents/agent-model.js';
import { resolveNamedLoads } from './named-loads.js';
import { planPopulation, POPULATION_DEFAULTS, type PopulationPlan } from './population.js';
import { parseThreshold, type Threshold, type ThresholdMetricName } from '../scenarios/thresholds.js';
import { partitionsOfShard } from './partition.js';
import { parseRate } from './rate.js';
import type { RateStage } from './schedule/scheduler.js';
import { ENGINE_DEFAULTS, type NamedLoadPlan, type SimulationConfig } from './simulation-config.js';
import type { SimulationOptions } from './simulation-options.js';
import { WORKLOAD_DEFAULTS } from './workload-defaults.js';
import { workloadProfiles } from './workload-profiles.js';

export function generateRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `sim-${stamp}-${randomBytes(3).toString('hex')}`;
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

/** The run id pattern: it becomes a label value and a file name. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function checkPositiveInt(value: number | undefined, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0))
    throw new UserError(`${what} ${value} is not a positive integer`);
}

/**
 * A SimulationConfig from a loaded scenario and typed options (options > scenario > defaults). Pure: no file, network
 * or stack is touched; every problem is a one-line UserError naming the option or the scenario field.
 */
export function resolveSimulationConfig(
  loaded: LoadedScenario,
  options: SimulationOptions = {},
): SimulationConfig {
  const sc = loaded.scenario;
  const where = loaded.file;
  checkPositiveInt(options.count, 'count');
  checkPositiveInt(options.maxInFlight, 'maxInFlight');
  checkPositiveInt(options.maxBatchSize, 'maxBatchSize');
  if (options.ratePerSec !== undefined && options.ratePerSec !== 'max' && !(options.ratePerSec > 0))
    throw new UserError(`ratePerSec ${options.ratePerSec} is not a rate (expected a number > 0 or 'max')`);
  if (options.durationMs !== undefined && !(options.durationMs > 0))
    throw new UserError(`durationMs ${options.durationMs} is not a run length (expected more than 0)`);

  // Rate plan: the scenario's stages (or rate × duration); ratePerSec replaces it with one constant stage,
  // durationMs cuts or extends it (holding the last rate), count alone lets it run until N events.
  const plan = stagesFrom(sc, where);
  let stages = plan.stages;
  let target = plan.target;
  let durationMs = stages
    ? stages.reduce((s, st) => s + st.durationMs, 0)
    : runLengthMs(sc.duration ?? '30s', `${where}: duration`);
  const count = options.count ?? sc.count;
  if (options.durationMs !== undefined) durationMs = options.durationMs;
  else if (options.count !== undefined) durationMs = Infinity;
  if (options.ratePerSec !== undefined) {
    target = options.ratePerSec === 'max' ? null : options.ratePerSec;
    stages = target === null ? null : [{ durationMs, targetPerSec: target }];
  } else if (stages) {
    const planned = stages.reduce((s, st) => s + st.durationMs, 0);
    if (durationMs > planned)
      stages = [...stages, { durationMs: durationMs - planned, targetPerSec: stages.at(-1)!.targetPerSec }];
  }
  if (stages && plan.startPerSec !== undefined && options.ratePerSec === undefined) {
    // The ramp's starting rate, as a zero-length first stage.
    stages = [{ durationMs: 0, targetPerSec: plan.startPerSec }, ...stages];
  }

  const seed = options.seed ?? sc.seed ?? WORKLOAD_DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0) throw new UserError(`seed ${seed} is not a non-negative integer`);

  // Transport: exactly one of a target and an output file.
  if (options.target && options.output)
    throw new UserError('give either a target (send OTLP) or an output file, not both');
  if (!options.target && !options.output)
    throw new UserError('no OTLP target: give an endpoint (or an output file to write instead of sending)');
  const transport = options.output
    ? { protocol: 'file' as const, endpoint: resolve(options.output), headers: {}, tls: {} }
    : {
        protocol: options.target!.protocol,
        endpoint: options.target!.endpoint,
        headers: { ...options.target!.headers },
        tls: { ...options.target!.tls },
      };

  const temporality = options.temporality ?? sc.temporality ?? 'delta';
  const metricIntervalMs = options.metricIntervalMs ?? ENGINE_DEFAULTS.metricIntervalMs;
  if (!(metricIntervalMs >= 10) || !Number.isFinite(metricIntervalMs))
    throw new UserError(`metricIntervalMs ${metricIntervalMs} must be at least 10 and finite`);

  const logPrompts = options.logPrompts ?? sc.logPrompts ?? WORKLOAD_DEFAULTS.logPrompts;
  let { agentShare, profiles } = workloadProfiles(sc, { seed, logPrompts, where });

  // k6's named scenarios, unless ratePerSec replaces them with one constant load.
  let loads: NamedLoadPlan[] | undefined;
  if (sc.scenarios && options.ratePerSec === undefined) {
    const named = resolveNamedLoads(sc, { seed, logPrompts, where });
    loads = named.loads;
    stages = named.stages;
    target = null;
    durationMs = options.durationMs !== undefined ? durationMs : named.durationMs;
  }

  // The population model: the rate follows from the people (or, given a rate, the people from it).
  const loadModel = sc.loadModel ?? (sc.population ? 'population' : 'rate');
  let population: PopulationPlan | undefined;
  if (loadModel === 'population') {
    population = planPopulation(
      {
        ...(options.ratePerSec === undefined && sc.population?.users !== undefined
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

  const shard = options.shard ?? { index: 1, count: 1 };
  const threads = options.threads ?? 1;
  const partitionCount = partitionsOfShard(shard, threads)[0]!.count;
  if (shard.count > 1 && options.runId === undefined) {
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
  const runId = options.runId ?? generateRunId();
  if (!RUN_ID_PATTERN.test(runId))
    throw new UserError(`run id "${runId}" is not a run id (expected letters, digits, . _ : - only)`);
  const config: SimulationConfig = {
    runId,
    seed,
    scenario: loaded.name,
    // The scenario's expected alerts hold for its own load: another rate, length or count changes what fires.
    ...(sc.expectAlerts &&
    options.ratePerSec === undefined &&
    options.durationMs === undefined &&
    options.count === undefined
      ? { expectedAlerts: sc.expectAlerts }
      : {}),
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
    ...transport,
    runTags: options.runTags ?? true,
    temporality,
    metricIntervalMs,
    ...(options.ledgerFile ? { ledgerFile: resolve(options.ledgerFile) } : {}),
    faults: { withhold: options.faults?.withhold ?? [], duplicate: options.faults?.duplicate ?? [] },
    // k6's preAllocatedVUs, read as each load's share of the cap on export requests in flight.
    maxInFlight:
      options.maxInFlight ??
      (loads ? loads.reduce((sum, l) => sum + l.preAllocatedVUs, 0) : ENGINE_DEFAULTS.maxInFlight),
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
