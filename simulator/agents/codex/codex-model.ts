/**
 * The Codex agent model: users, `concurrentSessions` live conversations interleaving, a finished one replaced
 * by a new one. Each (user, originator) is one emitting process with a logs resource and a metrics resource.
 */
import type {
  AgentModel,
  AgentModelFactory,
  SimEvent,
  SimResource,
  SimValue,
  WorkloadProfile,
} from '../agent-model.js';
import { uuidV4 } from '../shared/ids.js';
import { checkProfile } from '../shared/profile-checks.js';
import { Prng } from '../shared/prng.js';
import { buildPeople, buildTextPools } from '../shared/text-pools.js';
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
  const userChoice = new WeightedChoice(
    users.map((user) => ({ value: user, weight: prng.lognormal(1, 0.8) })),
  );
  const originators = WeightedChoice.of(ORIGINATORS);
  let processCount = 0;

  /**
   * One pair of resources per simulated Codex process. Codex's own resource has no per-process attribute, so two
   * processes with the same model, OS and team would send DELTA points into one stream identity and no collector
   * could add them up; `aimon codex` therefore adds a `service.instance.id` through OTEL_RESOURCE_ATTRIBUTES (which
   * Codex honours), and the simulated processes carry one too.
   */
  const resources = (user: CodexUser, originator: Originator): CodexResources => {
    const person = users[user.index] as CodexPerson;
    // Odd ids (Claude takes even ones); two per process: logs then metrics.
    const base = processCount++ * 4 + 1;
    const common: [string, SimValue][] = [
      ['service.name', { s: originator.name }],
      ['service.version', { s: CODEX_VERSION }],
      ['env', { s: ENVIRONMENT }],
    ];
    // Codex honours OTEL_RESOURCE_ATTRIBUTES (verified with the real client): these land on both resources.
    if (profile.teams.length)
      common.push(['team.id', { s: profile.teams[user.index % profile.teams.length] as string }]);
    common.push(['service.instance.id', { s: uuidV4(prng) }]);
    const logs: SimResource = {
      id: base,
      agent: 'codex',
      attributes: [...common, ['host.name', { s: person.hostName }], ...TELEMETRY_SDK],
    };
    const metrics: SimResource = {
      id: base + 2,
      agent: 'codex',
      attributes: [
        ...common,
        ['os', { s: person.os[0] }],
        ['os_version', { s: person.os[1] }],
        ...TELEMETRY_SDK,
      ],
    };
    return { logs, metrics };
  };

  const ctx: CodexSessionContext = {
    prng,
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
  };
  const slots: CodexSession[] = [];
  for (let i = 0; i < profile.concurrentSessions; i++)
    slots.push(new CodexSession(ctx, userChoice.pick(prng)));

  return {
    agent: 'codex',
    breakdowns: CODEX_BREAKDOWNS,
    nextEvent(nowMs: number): SimEvent {
      const slot = slots.length === 1 ? 0 : Math.floor(prng.next() * slots.length);
      let session = slots[slot] as CodexSession;
      if (session.done) {
        session = new CodexSession(ctx, userChoice.pick(prng));
        slots[slot] = session;
      }
      return session.next(nowMs);
    },
  };
};
