/**
 * The Codex agent model: users, `concurrentSessions` live conversations interleaving, a finished one replaced
 * by a new one. Each (user, originator) is one emitting process with a logs resource and a metrics resource.
 */
import type {
  AgentModel,
  AgentModelFactory,
  SimAttributes,
  SimResource,
  SimValue,
  WorkloadProfile,
} from '../agent-model.js';
import { uuidV4 } from '../shared/ids.js';
import { checkProfile } from '../shared/profile-checks.js';
import { Prng } from '../shared/prng.js';
import { buildPeople, buildTextPools } from '../shared/text-pools.js';
import { partitionPopulation } from '../shared/partitioned-population.js';
import { createSessionPool } from '../shared/session-pool.js';
import { WeightedChoice } from '../shared/weighted-choice.js';
import { CODEX_BREAKDOWNS } from './breakdowns.js';
import {
  API_FAILURES,
  APPROVAL_POLICIES,
  CODEX_VERSION,
  ENVIRONMENT,
  METRIC_OS,
  ORIGINATORS,
  SANDBOX_POLICIES,
  TELEMETRY_SDK,
  TERMINAL_TYPES,
  type Originator,
} from './catalog.js';
import {
  CodexSession,
  type CodexResources,
  type CodexSessionContext,
  type CodexUser,
} from './session-model.js';

interface CodexPerson extends CodexUser {
  readonly hostName: string;
  readonly os: readonly [string, string];
}

/** tool.call's sandbox attribute (real on Linux: "seccomp") and the sandbox_integrity backend. */
function sandboxFor(os: string): { sandbox: string; backend: string } {
  if (os === 'Mac OS') return { sandbox: 'seatbelt', backend: 'seatbelt' };
  if (os === 'Windows') return { sandbox: 'windows_sandbox', backend: 'windows_sandbox' };
  return { sandbox: 'seccomp', backend: 'bubblewrap' };
}

function buildUsers(profile: WorkloadProfile, prng: Prng): CodexPerson[] {
  const people = buildPeople(profile.seed ^ 0xc0de, profile.users);
  const terminals = WeightedChoice.of(TERMINAL_TYPES);
  const systems = WeightedChoice.of(METRIC_OS);
  const users: CodexPerson[] = [];
  for (let index = 0; index < profile.users; index++) {
    const os = systems.pick(prng);
    const chatgpt = prng.chance(0.65);
    const identity: [string, SimValue][] = chatgpt
      ? [
          ['user.account_id', { s: uuidV4(prng) }],
          ['user.email', { s: people.emails[index] as string }],
          ['auth_mode', { s: 'Chatgpt' }],
        ]
      : [];
    users.push({
      index,
      identity,
      terminalType: terminals.pick(prng),
      sandbox: sandboxFor(os[0]).sandbox,
      sandboxBackend: sandboxFor(os[0]).backend,
      apiKeyInEnv: !chatgpt || prng.chance(0.2),
      hostName: people.hostNames[index] as string,
      os,
    });
  }
  return users;
}

export const createCodexModel: AgentModelFactory = (profile: WorkloadProfile): AgentModel => {
  checkProfile('codex', profile);
  const prng = new Prng(profile.seed ^ 0x00c0de5);
  const users = buildUsers(profile, prng);
  const population = partitionPopulation(
    profile,
    users.map((user) => ({ value: user, weight: prng.lognormal(1, 0.8) })),
    prng,
    0x00c0de5,
  );
  const originators = WeightedChoice.of(ORIGINATORS);
  const logsResources = new Map<string, SimResource>();
  const metricsResources = new Map<string, SimResource>();
  let nextResourceId = (profile.resourceIdBase ?? 0) + 1;
  /** One resource object per distinct attribute set: the encoders cache by object, the ledger by series. */
  const shared = (cache: Map<string, SimResource>, attributes: SimAttributes): SimResource => {
    const key = attributes.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('|');
    let resource = cache.get(key);
    if (!resource) {
      // Odd ids (Claude takes even ones).
      resource = { id: nextResourceId, agent: 'codex', attributes };
      nextResourceId += 2;
      cache.set(key, resource);
    }
    return resource;
  };

  /**
   * Codex's resources carry nothing per process or per user, so every process with the same originator, OS and
   * team shares one metrics resource, as on the wire: their DELTA points form one stream, which is what the real
   * clients produce (see README, "Codex metric identity").
   */
  const resources = (user: CodexUser, originator: Originator): CodexResources => {
    const person = users[user.index] as CodexPerson;
    const common: [string, SimValue][] = [
      ['service.name', { s: originator.name }],
      ['service.version', { s: CODEX_VERSION }],
      ['env', { s: ENVIRONMENT }],
    ];
    // Codex honours OTEL_RESOURCE_ATTRIBUTES (verified with the real client): the team lands on both resources.
    if (profile.teams.length)
      common.push(['team.id', { s: profile.teams[user.index % profile.teams.length] as string }]);
    return {
      logs: shared(logsResources, [...common, ['host.name', { s: person.hostName }], ...TELEMETRY_SDK]),
      metrics: shared(metricsResources, [
        ...common,
        ['os', { s: person.os[0] }],
        ['os_version', { s: person.os[1] }],
        ...TELEMETRY_SDK,
      ]),
    };
  };

  const ctx: CodexSessionContext = {
    prng: population.prng,
    pools: buildTextPools(profile.seed ^ 0xc0de),
    models: new WeightedChoice(profile.models, 'codex models'),
    tools: new WeightedChoice(profile.tools, 'codex tools'),
    originators,
    approvalPolicies: WeightedChoice.of(APPROVAL_POLICIES),
    sandboxPolicies: WeightedChoice.of(SANDBOX_POLICIES),
    apiFailures: WeightedChoice.of(API_FAILURES),
    promptsPerSession: profile.promptsPerSession,
    apiErrorRate: profile.apiErrorRate,
    toolRejectRate: profile.toolRejectRate,
    toolFailureRate: profile.toolFailureRate,
    logPrompts: profile.logPrompts,
    resources,
    metricAttrCache: new Map(),
  };
  const nextEvent = createSessionPool(
    population.concurrentSessions,
    population.prng,
    () => new CodexSession(ctx, population.users.pick(population.prng)),
  );

  return { agent: 'codex', breakdowns: CODEX_BREAKDOWNS, nextEvent };
};
