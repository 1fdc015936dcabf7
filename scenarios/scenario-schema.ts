import type { ConstantArrivalRateScenario, Options, RampingArrivalRateScenario, Stage } from 'k6/options';
import { z } from 'zod';
import { durationMs } from '../core/duration.js';
import { isThresholdMetric, parseThreshold, THRESHOLD_METRICS } from './thresholds.js';

/** "500/s", "30/m", "2/h" or "max"; checked again (with the rate parser's message) when resolved. */
const rateText = z.union([z.string(), z.number()]).transform(String);
const durationText = z.union([z.string(), z.number()]).transform(String);
const fraction = z.number().min(0).max(1);

/**
 * Upper bounds on sizes the simulator holds in memory (every user is built up front, every live session keeps its
 * state and metric series): past them a run would exhaust memory instead of starting. Well above any real team.
 */
export const SCENARIO_CAPS = {
  users: 100_000,
  concurrentSessions: 10_000,
  teams: 1_000,
  promptsPerSession: 100_000,
  /** Entries in a models or tools map. */
  weights: 1_000,
  stages: 10_000,
} as const;

/** A positive integer at most `cap`, with a message naming the cap (the field is named by the error's path). */
const cappedCount = (cap: number): z.ZodNumber =>
  z
    .number()
    .int()
    .positive()
    .max(cap, { message: `must be at most ${cap.toLocaleString('en-US')} (the simulator's cap)` });
/** name → relative weight, e.g. { claude-sonnet-4-5: 3, claude-opus-4-5: 1 }. */
const weights = z
  .record(z.string().min(1), z.number().positive())
  .refine((m) => Object.keys(m).length <= SCENARIO_CAPS.weights, {
    message: `must have at most ${SCENARIO_CAPS.weights.toLocaleString('en-US')} entries (the simulator's cap)`,
  });

const agentSchema = z.strictObject({
  /** Relative share of events from this agent (0 = not simulated). */
  share: z.number().min(0),
  models: weights.optional(),
  tools: weights.optional(),
});

/**
 * Claude Code's metric cardinality controls, as its OTEL_METRICS_INCLUDE_SESSION_ID / _ACCOUNT_UUID / _VERSION
 * (defaults true, true, false). Without session.id every session of a user adds to the same series.
 */
const claudeCodeSchema = agentSchema.extend({
  metricsInclude: z
    .strictObject({
      sessionId: z.boolean().optional(),
      accountUuid: z.boolean().optional(),
      version: z.boolean().optional(),
    })
    .optional(),
});

/**
 * An alert the run must fire (verify's `alerts` suite): its name and labels it must carry (e.g. team_id). A scenario
 * with `expectAlerts` (even empty) is checked: these fire, nothing else does.
 */
const expectedAlertSchema = z.strictObject({
  alert: z.string().min(1),
  labels: z.record(z.string().min(1), z.string()).optional(),
});

const stageSchema = z.strictObject({
  duration: durationText,
  target: rateText,
});

/** k6's duration strings ("30s", "1m30s", "500ms"): finite, and written with a unit as k6 requires. */
const k6Duration = z.string().superRefine((value, ctx) => {
  const ms = /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? undefined : durationMs(value);
  if (ms === undefined || !Number.isFinite(ms))
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a duration (expected e.g. 30s, 1m30s, 500ms)`,
    });
});

/** The workload knobs a named scenario may set for itself (its agent and team mix); the top level gives defaults. */
const mixFields = {
  agents: z
    .strictObject({ claudeCode: claudeCodeSchema.optional(), codex: agentSchema.optional() })
    .optional(),
  users: cappedCount(SCENARIO_CAPS.users).optional(),
  teams: z
    .array(z.string().min(1))
    .max(SCENARIO_CAPS.teams, {
      message: `must have at most ${SCENARIO_CAPS.teams.toLocaleString('en-US')} entries (the simulator's cap)`,
    })
    .optional(),
  concurrentSessions: cappedCount(SCENARIO_CAPS.concurrentSessions).optional(),
  promptsPerSession: z
    .tuple([cappedCount(SCENARIO_CAPS.promptsPerSession), cappedCount(SCENARIO_CAPS.promptsPerSession)])
    .optional(),
  apiErrorRate: fraction.optional(),
  toolRejectRate: fraction.optional(),
  toolFailureRate: fraction.optional(),
};
type MixKeys = keyof typeof mixFields;

/** The executors aimon runs, spelt as @types/k6 spells them. */
type ArrivalRateExecutor = ConstantArrivalRateScenario['executor'] | RampingArrivalRateScenario['executor'];
export const ARRIVAL_RATE_EXECUTORS = [
  'constant-arrival-rate',
  'ramping-arrival-rate',
] as const satisfies readonly ArrivalRateExecutor[];

/** One iteration = one event. `preAllocatedVUs` is read as this load's share of the cap on requests in flight. */
const loadCommon = {
  timeUnit: k6Duration.optional(),
  startTime: k6Duration.optional(),
  preAllocatedVUs: z.number().int().positive().max(1024),
};
const constantArrivalRateSchema = z.strictObject({
  executor: z.literal(ARRIVAL_RATE_EXECUTORS[0]),
  rate: z.number().positive(),
  duration: k6Duration,
  ...loadCommon,
  ...mixFields,
});
const k6StageSchema = z.strictObject({ duration: k6Duration, target: z.number().nonnegative() });
const rampingArrivalRateSchema = z.strictObject({
  executor: z.literal(ARRIVAL_RATE_EXECUTORS[1]),
  startRate: z.number().nonnegative().optional(),
  stages: z
    .array(k6StageSchema)
    .min(1)
    .max(SCENARIO_CAPS.stages, {
      message: `must have at most ${SCENARIO_CAPS.stages.toLocaleString('en-US')} entries (the simulator's cap)`,
    }),
  ...loadCommon,
  ...mixFields,
});
export const namedLoadSchema = z.discriminatedUnion('executor', [
  constantArrivalRateSchema,
  rampingArrivalRateSchema,
]);
export type NamedLoad = z.infer<typeof namedLoadSchema>;

/** Thresholds in k6's syntax over aimon's measurements (scenarios/thresholds.ts), checked expression by expression. */
const thresholdsSchema = z.record(z.string(), z.array(z.string()).min(1)).superRefine((map, ctx) => {
  for (const [metric, expressions] of Object.entries(map)) {
    if (!isThresholdMetric(metric)) {
      ctx.addIssue({
        code: 'custom',
        path: [metric],
        message: `is not an aimon metric (known: ${Object.keys(THRESHOLD_METRICS).join(', ')})`,
      });
      continue;
    }
    expressions.forEach((expression, i) => {
      const parsed = parseThreshold(metric, expression);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: [metric, i], message: parsed });
    });
  }
});

/**
 * The population model: N people, each prompting `promptsPerHour` times in sessions of `sessionMinutes` of wall
 * time, as real developers do (simulator/population.ts); `timeScale` compresses it (60 = an hour per minute).
 */
const populationSchema = z.strictObject({
  users: cappedCount(SCENARIO_CAPS.concurrentSessions).optional(),
  promptsPerHour: z.number().positive().max(3600).optional(),
  sessionMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .optional(),
});

/** A scenario file (YAML, camelCase keys). */
export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    seed: z.number().int().nonnegative().optional(),
    /** Constant rate for `duration`; or use `stages` to ramp. */
    rate: rateText.optional(),
    duration: durationText.optional(),
    count: z.number().int().positive().optional(),
    /** k6-style ramping: each stage moves linearly from the previous target to its own over its duration. */
    stages: z
      .array(stageSchema)
      .min(1)
      .max(SCENARIO_CAPS.stages, {
        message: `must have at most ${SCENARIO_CAPS.stages.toLocaleString('en-US')} entries (the simulator's cap)`,
      })
      .optional(),
    /** Rate at the start of the first stage (default: the first stage's target). */
    startRate: rateText.optional(),
    agents: z
      .strictObject({ claudeCode: claudeCodeSchema.optional(), codex: agentSchema.optional() })
      .optional(),
    users: cappedCount(SCENARIO_CAPS.users).optional(),
    teams: z
      .array(z.string().min(1))
      .max(SCENARIO_CAPS.teams, {
        message: `must have at most ${SCENARIO_CAPS.teams.toLocaleString('en-US')} entries (the simulator's cap)`,
      })
      .optional(),
    concurrentSessions: cappedCount(SCENARIO_CAPS.concurrentSessions).optional(),
    promptsPerSession: z
      .tuple([cappedCount(SCENARIO_CAPS.promptsPerSession), cappedCount(SCENARIO_CAPS.promptsPerSession)])
      .optional(),
    apiErrorRate: fraction.optional(),
    toolRejectRate: fraction.optional(),
    toolFailureRate: fraction.optional(),
    logPrompts: z.boolean().optional(),
    temporality: z.enum(['delta', 'cumulative']).optional(),
    /**
     * How the load is described: `rate` (events per second; sessions last as long as the rate makes them) or
     * `population` (people with real-world prompt rates and session lengths; the rate follows). Default rate.
     */
    loadModel: z.enum(['rate', 'population']).optional(),
    population: populationSchema.optional(),
    /** Time compression of the population model: simulated seconds per wall-clock second. */
    timeScale: z.number().positive().max(3600).optional(),
    /** k6's form: named loads that may overlap (startTime), each with its own executor and mix. */
    scenarios: z
      .record(
        z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a scenario name (letters, digits, _ and -)'),
        namedLoadSchema,
      )
      .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 32, {
        message: 'must name between 1 and 32 scenarios',
      })
      .optional(),
    thresholds: thresholdsSchema.optional(),
    expectAlerts: z.array(expectedAlertSchema).max(100).optional(),
  })
  .refine((s) => !(s.rate !== undefined && s.stages !== undefined), {
    message: 'use either rate or stages, not both',
    path: ['stages'],
  })
  .superRefine((s, ctx) => {
    if (s.scenarios !== undefined) {
      for (const key of ['rate', 'stages', 'startRate', 'duration', 'population', 'timeScale'] as const) {
        if (s[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `cannot be used with named scenarios (each sets its own load under scenarios:)`,
          });
      }
      if (s.loadModel === 'population')
        ctx.addIssue({
          code: 'custom',
          path: ['loadModel'],
          message: 'population cannot be used with named scenarios',
        });
    }
    const population = s.loadModel === 'population' || s.population !== undefined;
    if (s.loadModel === 'rate' && (s.population !== undefined || s.timeScale !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [s.population !== undefined ? 'population' : 'timeScale'],
        message: 'belongs to loadModel: population (this scenario says loadModel: rate)',
      });
    }
    if (!population) return;
    if (s.loadModel === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['loadModel'],
        message: 'is missing (population needs loadModel: population)',
      });
    if (s.stages !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['stages'],
        message: 'cannot be used with loadModel: population (give rate or population.users)',
      });
    const users = s.population?.users;
    if (users !== undefined && s.rate !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: 'and population.users: give one, the population model derives the other',
      });
    if (users === undefined && s.rate === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['population', 'users'],
        message: 'is missing (or give rate and the users follow)',
      });
    for (const key of ['users', 'concurrentSessions', 'promptsPerSession'] as const) {
      if (s[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'follows from population: (remove it)' });
    }
  })
  .refine((s) => !s.promptsPerSession || s.promptsPerSession[0] <= s.promptsPerSession[1], {
    message: 'promptsPerSession must be [min, max] with min <= max',
    path: ['promptsPerSession'],
  });

export type Scenario = z.infer<typeof scenarioSchema>;

/**
 * Compile-time proof that the k6 part of a scenario is k6's own shape (@types/k6): without aimon's mix keys every
 * named load is a k6 ConstantArrivalRateScenario or RampingArrivalRateScenario, the stages are k6 Stages and the
 * thresholds k6 Thresholds. A change on either side that breaks this fails `npm run typecheck` (making
 * preAllocatedVUs optional, as k6 does not, does). Not exported, so the published declarations never import
 * `k6/options`, which would bring k6's globals into a user's program.
 */
type Assignable<A extends B, B> = A;
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type _K6Options = Assignable<
  { scenarios?: Record<string, OmitEach<NamedLoad, MixKeys>>; thresholds?: Record<string, string[]> },
  Pick<Options, 'scenarios' | 'thresholds'>
>;
type _K6ConstantArrivalRate = Assignable<
  Omit<z.infer<typeof constantArrivalRateSchema>, MixKeys>,
  ConstantArrivalRateScenario
>;
type _K6RampingArrivalRate = Assignable<
  Omit<z.infer<typeof rampingArrivalRateSchema>, MixKeys>,
  RampingArrivalRateScenario
>;
type _K6Stage = Assignable<z.infer<typeof k6StageSchema>, Stage>;
