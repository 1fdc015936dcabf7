import { AGENT_IDS, perAgent } from '../core/agents.js';
import { UserError } from '../core/errors.js';
import type { AgentName } from '../core/ledger/index.js';

/**
 * Events one prompt produces on average, measured from the agent models with the default mix (200,000 events each,
 * `promptsPerSession: [10, 10]` against `[1, 1]`): Claude Code's user_prompt, API requests, tool decisions and
 * results come to ~8 a prompt (+3 a session); Codex's SSE stream to ~141 (+4).
 */
export const EVENTS_PER_PROMPT: Record<AgentName, number> = { claude_code: 8, codex: 141 };

/**
 * A developer at work, in real (uncompressed) time: a prompt every five minutes, sessions of half an hour. Assumed,
 * not measured from the clients (their telemetry carries no session length); scenarios set their own.
 */
export const POPULATION_DEFAULTS = { promptsPerHour: 12, sessionMinutes: 30, timeScale: 1 } as const;

/** The simulator keeps every live session in memory: one per simulated person. */
export const MAX_POPULATION = 10_000;

export interface PopulationInput {
  /** People; or undefined to derive them from `ratePerSec`. */
  users?: number;
  ratePerSec?: number;
  promptsPerHour: number;
  /** Wall-clock session length of a real person, minutes. */
  sessionMinutes: number;
  /** Simulated seconds per wall-clock second. */
  timeScale: number;
  /** Share of people using each agent (0 = not simulated). */
  shares: Record<AgentName, number>;
}

/** What the population model resolved to: plain data, for the config, the ledger and the summary. */
export interface PopulationPlan {
  users: number;
  usersByAgent: Record<AgentName, number>;
  promptsPerHour: number;
  sessionMinutes: number;
  timeScale: number;
  /** Events per second the population produces at this time scale (the run's rate). */
  ratePerSec: number;
  /** Prompts per session, [min, max], averaging promptsPerHour × sessionMinutes / 60. */
  promptsPerSession: [number, number];
  /** How long a session lasts on the wall clock at this time scale. */
  sessionWallSeconds: number;
  /** Each agent's share of the events: its people × its events per prompt. */
  eventWeights: Record<AgentName, number>;
}

/**
 * The rate follows from the population (N people × prompts per hour × events per prompt × timeScale), or, given a
 * rate, the population from the rate. People are split between the agents by share; each agent's events then
 * weigh by its people and its events per prompt (a Codex user sends ~18× a Claude user's events).
 */
export function planPopulation(input: PopulationInput, where: string): PopulationPlan {
  const totalShare = AGENT_IDS.reduce((s, a) => s + input.shares[a], 0);
  const perPersonPerSec = (agent: AgentName): number =>
    (input.promptsPerHour / 3600) * EVENTS_PER_PROMPT[agent] * input.timeScale;
  const mixPerPersonPerSec = AGENT_IDS.reduce(
    (s, a) => s + (input.shares[a] / totalShare) * perPersonPerSec(a),
    0,
  );
  const users = input.users ?? Math.max(1, Math.round(input.ratePerSec! / mixPerPersonPerSec));
  if (users > MAX_POPULATION) {
    throw new UserError(
      `${where}: population: ${input.ratePerSec}/s at timeScale ${input.timeScale} takes ${users.toLocaleString('en-US')} people, more than the simulator's ${MAX_POPULATION.toLocaleString('en-US')} (raise timeScale)`,
    );
  }
  const usersByAgent = perAgent(() => 0);
  for (const agent of AGENT_IDS) {
    if (input.shares[agent] > 0)
      usersByAgent[agent] = Math.max(1, Math.round((users * input.shares[agent]) / totalShare));
  }
  const eventWeights = perAgent(() => 0);
  let ratePerSec = 0;
  for (const agent of AGENT_IDS) {
    eventWeights[agent] = usersByAgent[agent] * EVENTS_PER_PROMPT[agent];
    ratePerSec += usersByAgent[agent] * perPersonPerSec(agent);
  }
  const prompts = (input.promptsPerHour * input.sessionMinutes) / 60;
  return {
    users,
    usersByAgent,
    promptsPerHour: input.promptsPerHour,
    sessionMinutes: input.sessionMinutes,
    timeScale: input.timeScale,
    ratePerSec: input.users === undefined ? input.ratePerSec! : ratePerSec,
    promptsPerSession: [Math.max(1, Math.round(prompts / 2)), Math.max(1, Math.round(prompts * 1.5))],
    sessionWallSeconds: (input.sessionMinutes * 60) / input.timeScale,
    eventWeights,
  };
}
