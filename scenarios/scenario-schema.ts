import { z } from 'zod';

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

const stageSchema = z.strictObject({
  duration: durationText,
  target: rateText,
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
  })
  .refine((s) => !(s.rate !== undefined && s.stages !== undefined), {
    message: 'use either rate or stages, not both',
    path: ['stages'],
  })
  .refine((s) => !s.promptsPerSession || s.promptsPerSession[0] <= s.promptsPerSession[1], {
    message: 'promptsPerSession must be [min, max] with min <= max',
    path: ['promptsPerSession'],
  });

export type Scenario = z.infer<typeof scenarioSchema>;
