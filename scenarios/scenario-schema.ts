import { z } from 'zod';

/** "500/s", "30/m", "2/h" or "max"; checked again (with the rate parser's message) when resolved. */
const rateText = z.union([z.string(), z.number()]).transform(String);
const durationText = z.union([z.string(), z.number()]).transform(String);
const fraction = z.number().min(0).max(1);
/** name → relative weight, e.g. { claude-sonnet-4-5: 3, claude-opus-4-5: 1 }. */
const weights = z.record(z.string().min(1), z.number().positive());

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
    stages: z.array(stageSchema).min(1).optional(),
    /** Rate at the start of the first stage (default: the first stage's target). */
    startRate: rateText.optional(),
    agents: z
      .strictObject({ claudeCode: claudeCodeSchema.optional(), codex: agentSchema.optional() })
      .optional(),
    users: z.number().int().positive().optional(),
    teams: z.array(z.string().min(1)).optional(),
    concurrentSessions: z.number().int().positive().optional(),
    promptsPerSession: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
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
