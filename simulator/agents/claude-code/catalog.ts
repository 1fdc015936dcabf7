/**
 * What Claude Code 2.1.332 emits, verbatim from telemetry.md: names, scopes, resource keys, metric
 * instruments, attribute vocabularies. The session model only combines these.
 */
import type {
  MetricIncrement,
  MetricsInclude,
  SimAttributes,
  SimResource,
  SimScope,
  SimValue,
} from '../agent-model.js';
import { AGENTS, qualifiedName } from '../../../core/agents.js';

const AGENT = AGENTS.claude_code;
export const CLAUDE_CODE_VERSION = AGENT.version;
export const SERVICE_NAME = AGENT.serviceName;

export const LOGS_SCOPE: SimScope = Object.freeze({
  name: 'com.anthropic.claude_code.events',
  version: CLAUDE_CODE_VERSION,
});
export const METRICS_SCOPE: SimScope = Object.freeze({
  name: 'com.anthropic.claude_code',
  version: CLAUDE_CODE_VERSION,
});

/** Resource attribute key a team is configured under (OTEL_RESOURCE_ATTRIBUTES=team.id=…); Claude copies it everywhere. */
export const TEAM_KEY = 'team.id';

export const EVENTS = {
  userPrompt: 'user_prompt',
  apiRequest: 'api_request',
  assistantResponse: 'assistant_response',
  toolDecision: 'tool_decision',
  toolResult: 'tool_result',
  apiError: 'api_error',
  apiRetriesExhausted: 'api_retries_exhausted',
  managedSettingsResolved: 'managed_settings_resolved',
  pluginLoaded: 'plugin_loaded',
} as const;
export type ClaudeEvent = (typeof EVENTS)[keyof typeof EVENTS];

/** Body of a record: "claude_code.<event>". */
export function qualified(event: ClaudeEvent): string {
  return qualifiedName(AGENT.id, event);
}

export interface MetricInstrument {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export const METRICS = {
  sessionCount: { name: 'claude_code.session.count', unit: '', description: 'Count of CLI sessions started' },
  costUsage: { name: 'claude_code.cost.usage', unit: 'USD', description: 'Cost of the Claude Code session' },
  tokenUsage: { name: 'claude_code.token.usage', unit: 'tokens', description: 'Number of tokens used' },
  activeTime: {
    name: 'claude_code.active_time.total',
    unit: 's',
    description: 'Total active time in seconds',
  },
  linesOfCode: {
    name: 'claude_code.lines_of_code.count',
    unit: '',
    description:
      "Count of lines of code modified, with the 'type' attribute indicating whether lines were added or removed",
  },
  codeEditToolDecision: {
    name: 'claude_code.code_edit_tool.decision',
    unit: '',
    description:
      'Count of code editing tool permission decisions (accept/reject) for Edit, Write, and NotebookEdit tools',
  },
  commitCount: { name: 'claude_code.commit.count', unit: '', description: 'Number of git commits created' },
  pullRequestCount: {
    name: 'claude_code.pull_request.count',
    unit: '',
    description: 'Number of pull requests created',
  },
} as const satisfies Record<string, MetricInstrument>;

/** Claude sends every metric as a DELTA monotonic sum of doubles. */
export function claudeIncrement(
  instrument: MetricInstrument,
  resource: SimResource,
  attributes: SimAttributes,
  value: number,
  session?: object,
): MetricIncrement {
  return {
    session,
    resource,
    scope: METRICS_SCOPE,
    name: instrument.name,
    unit: instrument.unit,
    description: instrument.description,
    kind: 'sum',
    valueType: 'double',
    attributes,
    value,
  };
}

export const TOKEN_TYPES = ['input', 'output', 'cacheRead', 'cacheCreation'] as const;
export const START_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['fresh', 80],
  ['resume', 8],
  ['continue', 12],
];

export const TERMINAL_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['vscode', 28],
  ['iTerm.app', 18],
  ['tmux', 14],
  ['Apple_Terminal', 7],
  ['cursor', 7],
  ['ghostty', 6],
  ['WezTerm', 4],
  ['xterm-256color', 5],
  ['alacritty', 2],
  ['windsurf', 2],
  ['kitty', 3],
  ['dumb', 4],
];

export interface OsProfile {
  readonly type: string;
  readonly versions: readonly string[];
  readonly arch: readonly string[];
}
export const OPERATING_SYSTEMS: ReadonlyArray<readonly [OsProfile, number]> = [
  [
    {
      type: 'darwin',
      versions: ['24.6.0', '25.1.0', '25.2.0', '24.5.0'],
      arch: ['arm64', 'arm64', 'arm64', 'amd64'],
    },
    52,
  ],
  [
    {
      type: 'linux',
      versions: [
        '6.8.0-87-generic',
        '6.14.0-36-generic',
        '6.1.0-41-amd64',
        '6.12.48+deb13-amd64',
        '6.6.87.2-microsoft-standard-WSL2',
      ],
      arch: ['amd64', 'amd64', 'amd64', 'arm64'],
    },
    43,
  ],
  [{ type: 'windows', versions: ['10.0.26100', '10.0.22631'], arch: ['amd64'] }, 5],
];

export const ACCEPT_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ['config', 50],
  ['user_temporary', 28],
  ['user_permanent', 16],
  ['hook', 6],
];
export const REJECT_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ['user_reject', 68],
  ['user_abort', 14],
  ['config', 12],
  ['hook', 6],
];

/**
 * Tools Claude Code may start while the response is still streaming (concurrency-safe, read-only): when config
 * allows them, their tool_decision is logged before the api_request of the response that asked for them
 * (observed: Bash `echo hi` accepted by config, event.sequence decision=5, api_request=6). Every other decision
 * (a permission prompt, a rejection, a write tool) comes after that api_request (Write rejected: 5 → 6).
 */
export const STREAMING_SAFE_TOOLS: ReadonlySet<string> = new Set([
  'Bash',
  'Read',
  'Grep',
  'Glob',
  'LS',
  'WebFetch',
  'WebSearch',
]);

/** Tools whose decisions feed claude_code.code_edit_tool.decision. */
export const CODE_EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'NotebookEdit', 'MultiEdit']);

export const API_FAILURES: ReadonlyArray<readonly [{ status: number; error: string }, number]> = [
  [
    { status: 529, error: '529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' },
    45,
  ],
  [
    {
      status: 429,
      error:
        '429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 450,000 input tokens per minute."}}',
    },
    35,
  ],
  [
    {
      status: 500,
      error: '500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    },
    20,
  ],
];
/** OTEL_METRICS_INCLUDE_SESSION_ID / _ACCOUNT_UUID / _VERSION when unset (Claude Code's monitoring docs). */
export const CLAUDE_METRICS_INCLUDE_DEFAULTS: MetricsInclude = {
  sessionId: true,
  accountUuid: true,
  version: false,
};

/** Claude Code's default CLAUDE_CODE_MAX_RETRIES: the final attempt number after exhaustion is retries + 1. */
export const MAX_RETRIES = 10;

export const PROMPT_REDACTED = '<REDACTED>';

export const CONST = {
  provider: { s: 'firstParty' },
  speed: { s: 'normal' },
  toolSourceBuiltin: { s: 'builtin' },
  toolSourceMcp: { s: 'mcp' },
  permissionDefault: { s: 'default' },
  redacted: { s: PROMPT_REDACTED },
  true: { s: 'true' },
  false: { s: 'false' },
} as const satisfies Record<string, SimValue>;

/** Effort is reported only for models that take it (not Sonnet/Haiku 4.5). */
export function modelTakesEffort(model: string): boolean {
  const id = model.toLowerCase();
  return id.includes('opus') || /sonnet-5/.test(id);
}

export interface BuiltinPlugin {
  readonly attributes: SimAttributes;
}

/** One plugin_loaded per built-in plugin at startup; the set is fixed for a CLI version. */
export const BUILTIN_PLUGINS: readonly SimAttributes[] = [
  [
    ['plugin.name', { s: 'claude-code-guide' }],
    ['marketplace.name', { s: 'builtin' }],
    ['plugin.scope', { s: 'builtin' }],
    ['enabled_via', { s: 'default' }],
    ['plugin_id_hash', { s: '3f9a1c0e7b2d4a86' }],
    ['has_hooks', { b: false }],
    ['has_mcp', { b: false }],
    ['host_owned_mcp', { b: false }],
    ['skill_path_count', { i: 1 }],
    ['command_path_count', { i: 0 }],
    ['agent_path_count', { i: 1 }],
    ['safe_mode', { s: 'false' }],
  ],
  [
    ['plugin.name', { s: 'statusline-setup' }],
    ['marketplace.name', { s: 'builtin' }],
    ['plugin.scope', { s: 'builtin' }],
    ['enabled_via', { s: 'default' }],
    ['plugin_id_hash', { s: 'c41d88e2a07f5b39' }],
    ['has_hooks', { b: false }],
    ['has_mcp', { b: false }],
    ['host_owned_mcp', { b: false }],
    ['skill_path_count', { i: 0 }],
    ['command_path_count', { i: 0 }],
    ['agent_path_count', { i: 1 }],
    ['safe_mode', { s: 'false' }],
  ],
];

export function managedSettingsAttributes(sources: readonly string[]): SimAttributes {
  return [
    ['managed_settings.trigger', { s: 'startup' }],
    ['managed_settings.sources', { a: sources }],
    ['managed_settings.source_behavior', { s: 'merge' }],
    ['managed_settings.helper.state', { s: 'not_configured' }],
    ['managed_settings.helper.applied', { s: 'false' }],
  ];
}
