/**
 * What a ledger file must hold to be checked: the zod schema the reader validates against. Objects are loose (a
 * newer writer's extra fields pass through untouched) and fields added after the first ledgers (partitions, load,
 * expectedAlerts) or not needed to check a run (seed, protocol, rate…) are optional, so every ledger aimon has
 * written still reads.
 */
import { AGENT_IDS, perAgent as perAgentValue } from '../agents.js';
import { z } from 'zod';

const count = z.number().int().nonnegative();
const agentName = z.enum(AGENT_IDS);
const seqRange = z.tuple([z.number().int(), z.number().int()]);
const attributes = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const perAgent = z.looseObject(perAgentValue(() => count));

const breakdown = z.looseObject({
  id: z.string(),
  title: z.string(),
  agent: agentName,
  event: z.string(),
  where: z.record(z.string(), z.string()).optional(),
  by: z.array(z.string()),
  op: z.enum(['count', 'sum', 'count_uniq']),
  field: z.string().optional(),
  values: z.record(z.string(), z.number()),
});

const metricSeries = z.looseObject({
  agent: agentName.optional(),
  name: z.string(),
  unit: z.string().optional(),
  kind: z.enum(['sum', 'histogram']).optional(),
  temporality: z.enum(['delta', 'cumulative']).optional(),
  attributes,
  resource: attributes,
  value: z.number(),
  count: z.number().optional(),
  bucketCounts: z.array(z.number()).optional(),
  explicitBounds: z.array(z.number()).optional(),
});

const timelinePoint = z.looseObject({
  second: z.number(),
  scheduled: z.number().optional(),
  sent: z.number().optional(),
  acknowledged: z.number().optional(),
  failed: z.number().optional(),
  missed: z.number().optional(),
});

const load = z.looseObject({
  model: z.enum(['rate', 'population']),
  timeScale: z.number().nullable(),
  durationMs: z.number(),
  sessions: z.number(),
  metricSeries: z.number(),
  sessionsPerMin: z.number(),
  seriesPerMin: z.number(),
});

/** The fields every ledger has held since the first: a file without one of them is not a ledger. */
export const REQUIRED_LEDGER_FIELDS = [
  'runId',
  'runTags',
  'window',
  'records',
  'seq',
  'eventCounts',
  'breakdowns',
  'metrics',
] as const;

export const ledgerSchema = z.looseObject({
  schema: z.literal('aimon.ledger/v1'),
  runId: z.string().min(1),
  seed: z.number().optional(),
  scenario: z.string().optional(),
  protocol: z.enum(['grpc', 'http', 'file']).optional(),
  endpoint: z.string().optional(),
  runTags: z.boolean(),
  temporality: z.enum(['delta', 'cumulative']).optional(),
  promptsLogged: z.boolean().optional(),
  window: z.looseObject({ startMs: z.number(), endMs: z.number() }),
  rate: z.looseObject({ targetPerSec: z.number().nullable(), achievedPerSec: z.number() }).optional(),
  records: z.looseObject({
    scheduled: count,
    sent: count,
    acknowledged: count,
    failed: count,
    missed: count,
    withheld: count,
    duplicated: count,
  }),
  seq: z.looseObject({
    first: z.number().int(),
    last: z.number().int(),
    expected: z.array(seqRange),
    failed: z.array(seqRange),
    withheld: z.array(seqRange),
    duplicated: z.array(seqRange),
  }),
  eventCounts: z.record(z.string(), count),
  breakdowns: z.array(breakdown),
  sessions: perAgent.optional(),
  users: perAgent.optional(),
  metrics: z.array(metricSeries),
  timeline: z.array(timelinePoint).optional(),
  partitions: z
    .looseObject({ count: z.number().int().positive(), indices: z.array(z.number().int().nonnegative()) })
    .optional(),
  load: load.optional(),
  expectedAlerts: z
    .array(z.looseObject({ alert: z.string(), labels: z.record(z.string(), z.string()).optional() }))
    .optional(),
});
