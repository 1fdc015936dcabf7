import { parseDurationMs } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { fieldPath } from '../scenarios/load-scenario.js';
import type { NamedLoad, Scenario } from '../scenarios/scenario-schema.js';
import { MultiLoadScheduler } from './schedule/multi-load-scheduler.js';
import type { RateStage } from './schedule/scheduler.js';
import type { NamedLoadPlan } from './simulation-config.js';
import { workloadProfiles, type WorkloadMix } from './workload-profiles.js';

/** Resource ids of named load i start at (i + 1) × this: far above any one model's (2 × 100,000 users). */
const RESOURCE_ID_STRIDE = 1 << 22;

const MIX_KEYS = [
  'agents',
  'users',
  'teams',
  'concurrentSessions',
  'promptsPerSession',
  'apiErrorRate',
  'toolRejectRate',
  'toolFailureRate',
] as const satisfies ReadonlyArray<keyof WorkloadMix>;

/** A named load's mix: its own keys over the file's top-level ones. */
function mixOf(file: Scenario, load: NamedLoad): WorkloadMix {
  const mix: Record<string, unknown> = {};
  for (const key of MIX_KEYS) mix[key] = load[key] ?? file[key];
  return mix as WorkloadMix;
}

/**
 * k6's `scenarios:` resolved: each load's rate per second (rate / timeUnit), its stages, its start, its mix. One
 * iteration is one event. Codex's metrics carry nothing per person, so two loads that both run Codex must differ in
 * team, or their points would form one delta stream written by two writers.
 */
export function resolveNamedLoads(
  file: Scenario,
  options: { seed: number; logPrompts: boolean; where: string },
): { loads: NamedLoadPlan[]; stages: RateStage[]; durationMs: number } {
  const entries = Object.entries(file.scenarios ?? {});
  const codexTeams = new Map<string, string>();
  const loads = entries.map(([name, load], i): NamedLoadPlan => {
    const at = (...path: string[]): string => `${options.where}: ${fieldPath(['scenarios', name, ...path])}`;
    const perSec = 1000 / parseDurationMs(load.timeUnit ?? '1s', at('timeUnit'));
    const mix = mixOf(file, load);
    const { agentShare, profiles } = workloadProfiles(mix, {
      seed: options.seed + 7919 * (i + 1),
      logPrompts: options.logPrompts,
      where: at(),
      resourceIdBase: RESOURCE_ID_STRIDE * (i + 1),
    });
    if (agentShare.codex > 0) {
      for (const team of profiles.codex.teams.length ? profiles.codex.teams : ['']) {
        const other = codexTeams.get(team);
        if (other !== undefined)
          throw new UserError(
            `${at('teams')}: Codex in scenarios ${other} and ${name} needs different teams${team ? ` (both have ${team})` : ''}: Codex metrics carry no per-person identity, so the two loads would write one stream (README, "Codex metric identity")`,
          );
        codexTeams.set(team, name);
      }
    }
    const base = {
      name,
      executor: load.executor,
      startMs: load.startTime !== undefined ? parseDurationMs(load.startTime, at('startTime')) : 0,
      preAllocatedVUs: load.preAllocatedVUs,
      agentShare,
      profiles,
    };
    if (load.executor === 'constant-arrival-rate') {
      const durationMs = parseDurationMs(load.duration, at('duration'));
      return { ...base, stages: [{ durationMs, targetPerSec: load.rate * perSec }] };
    }
    return {
      ...base,
      startPerSec: (load.startRate ?? 0) * perSec,
      stages: load.stages.map((s, j) => ({
        durationMs: parseDurationMs(s.duration, at('stages', String(j), 'duration')),
        targetPerSec: s.target * perSec,
      })),
    };
  });
  const durationMs = Math.max(
    ...loads.map((l) => l.startMs + l.stages.reduce((s, st) => s + st.durationMs, 0)),
  );
  return { loads, stages: summedStages(loads), durationMs };
}

/**
 * The loads' summed rate as one list of stages (piecewise linear: every load is linear between the union of their
 * stage boundaries); a load starting or ending makes a zero-length step. For progress lines and the ledger only:
 * the schedule itself is MultiLoadScheduler's.
 */
export function summedStages(loads: readonly NamedLoadPlan[]): RateStage[] {
  const total = new MultiLoadScheduler(loads);
  const points = new Set<number>([0]);
  for (const l of loads) {
    let t = l.startMs;
    points.add(t);
    for (const s of l.stages) points.add((t += s.durationMs));
  }
  const times = [...points].sort((a, b) => a - b);
  const stages: RateStage[] = [];
  let previous: number | undefined;
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i]!;
    const to = times[i + 1]!;
    const startRate = total.targetRateAt(from);
    const endRate = startRate + 2 * (total.targetRateAt((from + to) / 2) - startRate);
    if (previous === undefined) stages.push({ durationMs: 0, targetPerSec: startRate });
    else if (Math.abs(previous - startRate) > 1e-9) stages.push({ durationMs: 0, targetPerSec: startRate });
    stages.push({ durationMs: to - from, targetPerSec: Math.max(0, endRate) });
    previous = endRate;
  }
  return stages;
}
