import { AGENT_IDS, AGENTS, perAgent } from '../core/agents.js';
import { UserError } from '../core/errors.js';
import type { AgentName } from '../core/ledger/index.js';
import type { Scenario } from '../scenarios/scenario-schema.js';
import type { Weighted, WorkloadProfile } from './agents/agent-model.js';
import { CLAUDE_METRICS_INCLUDE_DEFAULTS } from './agents/claude-code/catalog.js';
import { WORKLOAD_DEFAULTS } from './workload-defaults.js';

/** The workload knobs of a scenario file, or of one named load (its own values over the file's). */
export type WorkloadMix = Pick<
  Scenario,
  | 'agents'
  | 'users'
  | 'teams'
  | 'concurrentSessions'
  | 'promptsPerSession'
  | 'apiErrorRate'
  | 'toolRejectRate'
  | 'toolFailureRate'
>;

function weighted(map: Readonly<Record<string, number>>): Weighted<string>[] {
  return Object.entries(map).map(([value, weight]) => ({ value, weight }));
}

/**
 * Each agent's share of the events and its workload profile. `resourceIdBase` keeps the resource ids of several
 * named loads apart (encoders and the metric accumulator key on them).
 */
export function workloadProfiles(
  mix: WorkloadMix,
  options: { seed: number; logPrompts: boolean; where: string; resourceIdBase?: number },
): { agentShare: Record<AgentName, number>; profiles: Record<AgentName, WorkloadProfile> } {
  // A scenario that lists agents gives each one it leaves out no share; one that lists none gets the defaults.
  const agentShare = perAgent(
    (agent) =>
      mix.agents?.[AGENTS[agent].scenarioKey]?.share ??
      (mix.agents ? 0 : WORKLOAD_DEFAULTS.agentShare[agent]),
  );
  const claude = mix.agents?.[AGENTS.claude_code.scenarioKey];
  const codex = mix.agents?.[AGENTS.codex.scenarioKey];
  if (!(AGENT_IDS.reduce((sum, agent) => sum + agentShare[agent], 0) > 0))
    throw new UserError(`${options.where}: agents: at least one agent needs a share > 0`);
  const base = {
    seed: options.seed,
    users: mix.users ?? WORKLOAD_DEFAULTS.users,
    teams: mix.teams ?? [...WORKLOAD_DEFAULTS.teams],
    concurrentSessions: mix.concurrentSessions ?? WORKLOAD_DEFAULTS.concurrentSessions,
    promptsPerSession: mix.promptsPerSession ?? WORKLOAD_DEFAULTS.promptsPerSession,
    apiErrorRate: mix.apiErrorRate ?? WORKLOAD_DEFAULTS.apiErrorRate,
    toolRejectRate: mix.toolRejectRate ?? WORKLOAD_DEFAULTS.toolRejectRate,
    toolFailureRate: mix.toolFailureRate ?? WORKLOAD_DEFAULTS.toolFailureRate,
    logPrompts: options.logPrompts,
    ...(options.resourceIdBase ? { resourceIdBase: options.resourceIdBase } : {}),
  };
  return {
    agentShare,
    profiles: {
      claude_code: {
        ...base,
        models: weighted(claude?.models ?? WORKLOAD_DEFAULTS.claudeModels),
        tools: weighted(claude?.tools ?? WORKLOAD_DEFAULTS.claudeTools),
        metricsInclude: { ...CLAUDE_METRICS_INCLUDE_DEFAULTS, ...claude?.metricsInclude },
      },
      codex: {
        ...base,
        seed: options.seed + 1,
        models: weighted(codex?.models ?? WORKLOAD_DEFAULTS.codexModels),
        tools: weighted(codex?.tools ?? WORKLOAD_DEFAULTS.codexTools),
      },
    },
  };
}
