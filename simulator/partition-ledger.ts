/** A partition's ledger from its config, its transport's tally and its generator's summary (core/ledger assembles). */
import {
  assembleLedger,
  type LedgerMetricSeries,
  type LoadDescription,
  type RunLedger,
} from '../core/ledger/index.js';
import type { GeneratorSummary } from './generate/generator-protocol.js';
import { seqOf, type Partition } from './partition.js';
import type { PartitionTally } from './partition-tally.js';
import type { SimulationConfig } from './simulation-config.js';

export interface PartitionRun {
  config: SimulationConfig;
  partition: Partition;
  /** This partition's share of the run's target rate. */
  targetPerSec: number | null;
  /** Where the sink sent (the ledger's endpoint). */
  endpoint: string;
  /** When the generator was ready, and when the last export settled. */
  startedMs: number;
  endedMs: number;
  tally: PartitionTally;
  summary: GeneratorSummary;
  metrics: LedgerMetricSeries[];
}

export function partitionLedger(run: PartitionRun): RunLedger {
  const { config, partition, tally, summary: s } = run;
  // The generator's per-second counts (scheduled, missed) join the transport's (sent, acknowledged, failed).
  for (const p of s.timeline) {
    if (p.scheduled) tally.timeline.addToSecond(p.second, 'scheduled', p.scheduled);
    if (p.missed) tally.timeline.addToSecond(p.second, 'missed', p.missed);
  }
  return assembleLedger({
    run: {
      runId: config.runId,
      seed: config.seed,
      scenario: config.scenario,
      ...(config.expectedAlerts ? { expectedAlerts: config.expectedAlerts } : {}),
      protocol: config.protocol,
      endpoint: run.endpoint,
      runTags: config.runTags,
      temporality: config.temporality,
      promptsLogged: Object.values(config.profiles).some((p) => p.logPrompts),
    },
    targetPerSec: run.targetPerSec,
    partition,
    startedMs: run.startedMs,
    endedMs: run.endedMs,
    window: {
      ...(s.windowStartMs !== null ? { startMs: s.windowStartMs } : {}),
      ...(s.windowEndMs !== null ? { endMs: s.windowEndMs } : {}),
    },
    sent: tally.counts.sent,
    acknowledged: tally.counts.acknowledged,
    failed: tally.counts.failed,
    scheduled: s.scheduled,
    missed: s.missed,
    withheld: s.withheld,
    duplicated: s.duplicated,
    ...(s.seqCount > 0
      ? { seqBounds: { first: seqOf(partition, 0), last: seqOf(partition, s.seqCount - 1) } }
      : {}),
    acknowledgedSeq: tally.acknowledgedSeq.toRanges(),
    failedSeq: tally.failedSeq.toRanges(),
    withheldSeq: s.withheldRanges,
    duplicatedSeq: s.duplicatedRanges,
    expectations: tally.expectations,
    timeline: tally.timeline,
    metrics: run.metrics,
    load: loadDescription(config, s.scheduledPerLoad),
  });
}

/** How the run's load was described, for the ledger's `load` (assembleLedger adds the churn figures). */
export function loadDescription(
  config: SimulationConfig,
  scheduledPerLoad: number[] | undefined,
): LoadDescription {
  const population = config.population;
  return {
    model: config.loadModel ?? 'rate',
    timeScale: population ? population.timeScale : null,
    ...(population
      ? {
          population: {
            users: population.users,
            usersByAgent: population.usersByAgent,
            promptsPerHour: population.promptsPerHour,
            sessionMinutes: population.sessionMinutes,
            sessionWallSeconds: population.sessionWallSeconds,
          },
        }
      : {}),
    ...(config.loads
      ? {
          scenarios: config.loads.map((l, i) => ({
            name: l.name,
            executor: l.executor,
            startMs: l.startMs,
            scheduled: scheduledPerLoad?.[i] ?? 0,
          })),
        }
      : {}),
  };
}
