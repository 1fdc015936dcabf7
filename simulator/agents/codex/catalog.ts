/**
 * What Codex 0.171.0 emits, verbatim from telemetry.md: event and metric names, scopes (no versions), per-signal
 * resources, severity, histogram bounds and attribute vocabularies.
 */
import { AGENTS } from '../../../core/agents.js';
import type { MetricIncrement, SimAttributes, SimResource, SimScope, SimValue } from '../agent-model.js';

export const CODEX_VERSION = AGENTS.codex.version;
export const LOGS_SCOPE: SimScope = Object.freeze({ name: 'codex_otel.log_only' });
export const METRICS_SCOPE: SimScope = Object.freeze({ name: 'codex' });
export const SEVERITY_NUMBER = 9;
export const SEVERITY_TEXT = 'INFO';
export const ENVIRONMENT = 'dev';
export const TELEMETRY_SDK: SimAttributes = [
  ['telemetry.sdk.name', { s: 'opentelemetry' }],
  ['telemetry.sdk.language', { s: 'rust' }],
  ['telemetry.sdk.version', { s: '0.31.0' }],
];

export const EVENTS = {
  conversationStarts: 'codex.conversation_starts',
  startupPhase: 'codex.startup_phase',
  userPrompt: 'codex.user_prompt',
  apiRequest: 'codex.api_request',
  sseEvent: 'codex.sse_event',
  turnTtft: 'codex.turn_ttft',
  toolDecision: 'codex.tool_decision',
  toolResult: 'codex.tool_result',
  sandboxOutcome: 'codex.sandbox_outcome',
} as const;
export type CodexEvent = (typeof EVENTS)[keyof typeof EVENTS];

/** OTLP eventName: Codex's tracing bridge puts the call site there, not the event name (0.171.0 captures). */
export const SOURCE_LOCATIONS: Readonly<Record<CodexEvent, string>> = {
  'codex.conversation_starts': 'event otel/src/events/session_telemetry.rs:737',
  'codex.startup_phase': 'event otel/src/events/session_telemetry.rs:380',
  'codex.user_prompt': 'event otel/src/events/session_telemetry.rs:1234',
  'codex.api_request': 'event otel/src/events/session_telemetry.rs:837',
  'codex.sse_event': 'event otel/src/events/session_telemetry.rs:1123',
  'codex.turn_ttft': 'event otel/src/events/session_telemetry.rs:396',
  'codex.tool_decision': 'event otel/src/events/session_telemetry.rs:1259',
  'codex.tool_result': 'event otel/src/tool_result.rs:54',
  'codex.sandbox_outcome': 'event otel/src/events/session_telemetry.rs:1290',
};
/** The second `response.completed` sse_event (the one with token counts) is logged from another call site. */
export const TOKENS_SOURCE_LOCATION = 'event otel/src/events/session_telemetry.rs:1187';

/**
 * The one Codex log record that is not an event: its metrics client logs "flushing OTEL metrics" (DEBUG, body,
 * no attributes, no event.name) once at a clean exit, as the process's last record. With no event.name to
 * qualify, the ledger counts it under its body (`eventName` is never sent): a backend row without event.name
 * is keyed by its `_msg`. In VictoriaLogs: `_msg:="flushing OTEL metrics"`, scope.name
 * `codex_otel::metrics::client`, no event.name field.
 */
export const METRICS_FLUSH = Object.freeze({
  eventName: 'flushing OTEL metrics',
  body: 'flushing OTEL metrics',
  scope: Object.freeze({ name: 'codex_otel::metrics::client' }) as SimScope,
  severityNumber: 5,
  severityText: 'DEBUG',
  sourceLocation: 'event otel/src/metrics/client.rs:330',
});

export const MS_BOUNDS: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 3000, 3500, 4000, 4500,
  5000, 6000, 7000, 7500, 8000, 9000, 10000, 12000, 15000, 20000, 30000, 60000, 120000,
]);
export const TOKEN_BOUNDS: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

export interface CodexInstrument {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: 'sum' | 'histogram';
  readonly bounds?: readonly number[];
}

export const METRICS = {
  apiRequest: { name: 'codex.api_request', unit: '', description: '', kind: 'sum' },
  apiRequestDuration: {
    name: 'codex.api_request.duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  sseEvent: { name: 'codex.sse_event', unit: '', description: '', kind: 'sum' },
  sseEventDuration: {
    name: 'codex.sse_event.duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  toolCall: { name: 'codex.tool.call', unit: '', description: '', kind: 'sum' },
  toolCallDuration: {
    name: 'codex.tool.call.duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  turnTokenUsage: {
    name: 'codex.turn.token_usage',
    unit: '',
    description: '',
    kind: 'histogram',
    bounds: TOKEN_BOUNDS,
  },
  turnE2eDuration: {
    name: 'codex.turn.e2e_duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  turnTtft: {
    name: 'codex.turn.ttft.duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  turnTtfm: {
    name: 'codex.turn.ttfm.duration_ms',
    unit: 'ms',
    description: 'Duration in milliseconds.',
    kind: 'histogram',
    bounds: MS_BOUNDS,
  },
  conversationTurnCount: {
    name: 'codex.conversation.turn.count',
    unit: '',
    description: '',
    kind: 'sum',
  },
  threadStarted: {
    name: 'codex.thread.started',
    unit: '',
    description: '',
    kind: 'sum',
  },
} as const satisfies Record<string, CodexInstrument>;

/** Codex sums are integers; histograms carry double observations. */
export function codexIncrement(
  instrument: CodexInstrument,
  resource: SimResource,
  attributes: SimAttributes,
  value: number,
): MetricIncrement {
  // Literal objects of one shape each (no spreads): this runs several times per event.
  if (instrument.kind === 'sum') {
    return {
      resource,
      scope: METRICS_SCOPE,
      name: instrument.name,
      unit: instrument.unit,
      description: instrument.description,
      kind: 'sum',
      valueType: 'int',
      attributes,
      value,
    };
  }
  return {
    resource,
    scope: METRICS_SCOPE,
    name: instrument.name,
    unit: instrument.unit,
    description: instrument.description,
    kind: 'histogram',
    valueType: 'double',
    attributes,
    value,
    explicitBounds: instrument.bounds ?? MS_BOUNDS,
  };
}

export const TURN_TOKEN_TYPES = [
  'input',
  'cached_input',
  'output',
  'reasoning_output',
  'total',
  'cache_write_input',
] as const;

export interface Originator {
  readonly name: string;
  readonly sessionSource: string;
}
export const ORIGINATORS: ReadonlyArray<readonly [Originator, number]> = [
  [{ name: 'codex_cli_rs', sessionSource: 'cli' }, 50],
  [{ name: 'codex_exec', sessionSource: 'exec' }, 30],
  [{ name: 'codex_vscode', sessionSource: 'vscode' }, 20],
];

export const TERMINAL_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['iTerm.app/3.6.5', 22],
  ['vscode/1.106.2', 24],
  ['tmux/3.5a', 14],
  ['Apple_Terminal/455.1', 8],
  ['ghostty/1.2.3', 8],
  ['WezTerm/20240203-110809-5046fc22', 4],
  ['xterm-256color', 10],
  ['unknown', 10],
];

export const METRIC_OS: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['Mac OS', '15.6.1'], 30],
  [['Mac OS', '26.1.0'], 20],
  [['Ubuntu', '24.04'], 25],
  [['Debian', '13'], 10],
  [['Fedora', '42'], 5],
  [['Windows', '10.0.26100'], 10],
];

export const APPROVAL_POLICIES: ReadonlyArray<readonly [string, number]> = [
  ['on-request', 55],
  ['never', 30],
  ['on-failure', 15],
];
export const SANDBOX_POLICIES: ReadonlyArray<readonly [string, number]> = [
  ['workspace-write', 70],
  ['read-only', 15],
  ['danger-full-access', 15],
];

export const API_FAILURES: ReadonlyArray<readonly [{ status: number; message: string }, number]> = [
  [{ status: 429, message: 'unexpected status 429 Too Many Requests: Rate limit reached for requests' }, 45],
  [
    {
      status: 500,
      message:
        'unexpected status 500 Internal Server Error: An error occurred while processing your request.',
    },
    25,
  ],
  [{ status: 503, message: 'unexpected status 503 Service Unavailable: upstream connect error' }, 20],
  [{ status: 502, message: 'unexpected status 502 Bad Gateway' }, 10],
];
/** Codex's default request_max_retries: attempts run 0..4. */
export const MAX_RETRIES = 4;

/** startup_phase records (status "ready") and codex.startup.phase.duration_ms phases. */
export const STARTUP_PHASES = ['thread_start_create_thread', 'thread_start_total'] as const;

export const CONST = {
  redacted: { s: '[REDACTED]' },
  true: { s: 'true' },
  false: { s: 'false' },
  functions: { s: 'functions' },
  endpoint: { s: '/responses' },
  empty: { s: '' },
} as const satisfies Record<string, SimValue>;
