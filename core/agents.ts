/**
 * One descriptor per AI coding agent aimon monitors: every name, key and filter that tells the agents apart, in
 * one place. The simulator, the assertions, the dashboards and the CLI read them from here.
 *
 * The id is the agent's telemetry prefix (`claude_code`, `codex`): the spelling its event and metric names, the
 * ledger's JSON keys and the breakdown ids already use, so none of those formats needs a translation. The other
 * spellings users meet are fields: the scenario key (`workload.agents.claudeCode`), the CLI command
 * (`aimon claude`), the service.name the client sends (`claude-code`).
 */

export type AgentId = 'claude_code' | 'codex';

/** The `aimon <client>` / `aimon setup <client>` command name. */
export type ClientName = 'claude' | 'codex';

export interface AgentDescriptor {
  readonly id: AgentId;
  /** For titles and reports: "Claude Code". */
  readonly displayName: string;
  /** The key under `workload.agents` in scenario files. */
  readonly scenarioKey: 'claudeCode' | 'codex';
  /** The CLI command that launches or sets up the real client. */
  readonly client: ClientName;
  /** The client version whose telemetry (telemetry.md) the simulator reproduces and the real-client tests pin. */
  readonly version: string;
  /**
   * The service.name resource attribute, where the agent sends one name (Claude Code). Codex names its front end
   * there (codex_cli_rs, codex_exec, codex_vscode: its originator), so it has none here.
   */
  readonly serviceName?: string;
  /** The record attribute that names a session. */
  readonly sessionKey: string;
  /** The record attributes that name a user (several: Codex sends account id and email). */
  readonly userKeys: readonly string[];
  /**
   * Whether each event record's body is its qualified name (Claude Code: body `claude_code.api_request`,
   * event.name `api_request`); otherwise event.name holds the qualified name and there is no body (Codex).
   */
  readonly bodyIsQualifiedEvent: boolean;
  /**
   * Whether Prometheus also serves this agent's counters without unit and _total suffixes (the names the
   * published community dashboards query; stack/prometheus/prometheus.yml).
   */
  readonly unsuffixedMetricsServed: boolean;
}

const CLAUDE_CODE = Object.freeze({
  id: 'claude_code',
  displayName: 'Claude Code',
  scenarioKey: 'claudeCode',
  client: 'claude',
  version: '2.1.332',
  serviceName: 'claude-code',
  sessionKey: 'session.id',
  userKeys: Object.freeze(['user.id']),
  bodyIsQualifiedEvent: true,
  unsuffixedMetricsServed: true,
} satisfies AgentDescriptor);

const CODEX = Object.freeze({
  id: 'codex',
  displayName: 'Codex',
  scenarioKey: 'codex',
  client: 'codex',
  version: '0.171.0',
  sessionKey: 'conversation.id',
  userKeys: Object.freeze(['user.account_id', 'user.email']),
  bodyIsQualifiedEvent: false,
  unsuffixedMetricsServed: false,
} satisfies AgentDescriptor);

export const AGENTS = Object.freeze({ claude_code: CLAUDE_CODE, codex: CODEX }) satisfies Readonly<
  Record<AgentId, AgentDescriptor>
>;

/** Every agent, in the order reports list them. */
export const AGENT_IDS: readonly AgentId[] = Object.freeze(['claude_code', 'codex']);

/** An event or instrument name in the agent's namespace: qualifiedName('codex', 'sse_event') = "codex.sse_event". */
export function qualifiedName(agent: AgentId, name: string): string {
  return `${agent}.${name}`;
}

/** The agent whose namespace a qualified event or instrument name is in ("claude_code.api_request" → Claude Code). */
export function agentOfQualifiedName(name: string): AgentDescriptor | undefined {
  const id = AGENT_IDS.find((agent) => name.startsWith(`${agent}.`));
  return id ? AGENTS[id] : undefined;
}

/** The agent a `aimon <client>` command runs. */
export function agentOfClient(client: ClientName): AgentDescriptor {
  const id = AGENT_IDS.find((agent) => AGENTS[agent].client === client);
  if (!id) throw new Error(`no agent for client ${client}`);
  return AGENTS[id];
}

/** A record per agent, each value computed from the agent's id (sessions and users counted per agent, …). */
export function perAgent<T>(value: (agent: AgentId) => T): Record<AgentId, T> {
  return { claude_code: value('claude_code'), codex: value('codex') };
}

/**
 * LogsQL filter for every event record of the agent, whatever the run: by its one service.name (Claude Code), by
 * the qualified event.name otherwise (Codex).
 */
export function logsRecordFilter(agent: AgentId): string {
  const { serviceName }: AgentDescriptor = AGENTS[agent];
  return serviceName
    ? `service.name:=${JSON.stringify(serviceName)}`
    : `event.name:~${JSON.stringify(`^${agent}\\.`)}`;
}
