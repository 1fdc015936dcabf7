/**
 * The Claude Code agent model: a population of users and `concurrentSessions` live sessions whose events
 * interleave; a finished session is replaced by a new one for a (weighted) random user.
 */
import type { AgentModel, AgentModelFactory, SimResource, WorkloadProfile } from '../agent-model.js';
import { randomBase62, randomHex, uuidV4 } from '../shared/ids.js';
import { checkProfile } from '../shared/profile-checks.js';
import { Prng } from '../shared/prng.js';
import { buildPeople, buildTextPools } from '../shared/text-pools.js';
import { partitionPopulation } from '../shared/partitioned-population.js';
import { createSessionPool } from '../shared/session-pool.js';
import { WeightedChoice } from '../shared/weighted-choice.js';
import { CLAUDE_CODE_BREAKDOWNS } from './breakdowns.js';
import {
  ACCEPT_SOURCES,
  API_FAILURES,
  CLAUDE_CODE_VERSION,
  CLAUDE_METRICS_INCLUDE_DEFAULTS,
  OPERATING_SYSTEMS,
  REJECT_SOURCES,
  SERVICE_NAME,
  START_TYPES,
  TEAM_KEY,
  TERMINAL_TYPES,
} from './catalog.js';
import { ClaudeSession, type ClaudeSessionContext, type ClaudeUser } from './session-model.js';

/** Claude resources take even ids, Codex odd ones, so encoders can cache by id across agents in one run. */
export function claudeResourceId(userIndex: number): number {
  return userIndex * 2;
}

function buildUsers(profile: WorkloadProfile, prng: Prng): ClaudeUser[] {
  const people = buildPeople(profile.seed, profile.users);
  const terminals = WeightedChoice.of(TERMINAL_TYPES);
  const systems = WeightedChoice.of(OPERATING_SYSTEMS);
  const orgId = uuidV4(prng);
  const users: ClaudeUser[] = [];
  for (let index = 0; index < profile.users; index++) {
    const os = systems.pick(prng);
    const teamId = profile.teams.length ? profile.teams[index % profile.teams.length] : undefined;
    const resourceAttributes: [string, { s: string }][] = [
      ['service.name', { s: SERVICE_NAME }],
      ['service.version', { s: CLAUDE_CODE_VERSION }],
      ['os.type', { s: os.type }],
      ['os.version', { s: prng.pick(os.versions) }],
      ['host.arch', { s: prng.pick(os.arch) }],
    ];
    if (teamId !== undefined) resourceAttributes.push([TEAM_KEY, { s: teamId }]);
    const resource: SimResource = {
      id: (profile.resourceIdBase ?? 0) + claudeResourceId(index),
      agent: 'claude_code',
      attributes: resourceAttributes,
    };
    // About 60 % log in with OAuth (Claude.ai / Console accounts) and so carry organization and account attributes.
    const identity: [string, { s: string }][] = prng.chance(0.6)
      ? [
          ['organization.id', { s: orgId }],
          ['user.account_uuid', { s: uuidV4(prng) }],
          ['user.account_id', { s: `user_01${randomBase62(prng, 22)}` }],
          ['user.email', { s: people.emails[index] as string }],
        ]
      : [];
    const home =
      os.type === 'darwin'
        ? (people.homes[index] as string).replace('/home/', '/Users/')
        : (people.homes[index] as string);
    users.push({
      index,
      userId: randomHex(prng, 64),
      identity,
      terminalType: terminals.pick(prng),
      customBaseUrl: prng.chance(0.08),
      teamId,
      resource,
      cwd: `${home}/code/${prng.pick(['api', 'web', 'platform', 'infra', 'mobile', 'data'])}`,
    });
  }
  return users;
}

export const createClaudeCodeModel: AgentModelFactory = (profile: WorkloadProfile): AgentModel => {
  checkProfile('claude_code', profile);
  const prng = new Prng(profile.seed ^ 0x0c1a0de);
  const users = buildUsers(profile, prng);
  // A few people do most of the work: user activity weights are lognormal.
  const population = partitionPopulation(
    profile,
    users.map((user) => ({ value: user, weight: prng.lognormal(1, 0.8) })),
    prng,
    0x0c1a0de,
  );
  const ctx: ClaudeSessionContext = {
    prng: population.prng,
    pools: buildTextPools(profile.seed),
    models: new WeightedChoice(profile.models, 'claude_code models'),
    tools: new WeightedChoice(profile.tools, 'claude_code tools'),
    startTypes: WeightedChoice.of(START_TYPES),
    acceptSources: WeightedChoice.of(ACCEPT_SOURCES),
    rejectSources: WeightedChoice.of(REJECT_SOURCES),
    apiFailures: WeightedChoice.of(API_FAILURES),
    promptsPerSession: profile.promptsPerSession,
    apiErrorRate: profile.apiErrorRate,
    toolRejectRate: profile.toolRejectRate,
    toolFailureRate: profile.toolFailureRate,
    logPrompts: profile.logPrompts,
    metricsInclude: profile.metricsInclude ?? CLAUDE_METRICS_INCLUDE_DEFAULTS,
  };
  const nextEvent = createSessionPool(
    population.concurrentSessions,
    population.prng,
    () => new ClaudeSession(ctx, population.users.pick(population.prng)),
  );

  return { agent: 'claude_code', breakdowns: CLAUDE_CODE_BREAKDOWNS, nextEvent };
};
