import { AGENTS, logsRecordFilter } from '../core/agents.js';
import { estimatedCost } from './codex-prices.js';
import type { DashboardSpec, MetricSelector, PanelSpec } from './dashboard-spec.js';
import {
  RAW_EVENT_LINES,
  logsExact,
  logsMatchers,
  promMatchers,
  rangeIncrease,
  selector,
} from './query-builders.js';

const CODEX = AGENTS.codex;
const AGENT = CODEX.id;

// Prometheus names as the collector and Prometheus' OTLP receiver write them ("ms" histograms gain a _milliseconds
// suffix). Histograms are native histograms with custom buckets: one series each, read with histogram_* functions.
const API_REQUESTS = 'codex_api_request_total';
const API_DURATION = 'codex_api_request_duration_ms_milliseconds';
const TOOL_CALLS = 'codex_tool_call_total';
const TURN_TOKENS = 'codex_turn_token_usage';
const TURN_E2E = 'codex_turn_e2e_duration_ms_milliseconds';
const TURN_TTFT = 'codex_turn_ttft_duration_ms_milliseconds';

/**
 * Metric series carry the team (team.id from OTEL_RESOURCE_ATTRIBUTES lands on Codex's resource) but no user and
 * no conversation: the User and Conversation variables filter the event panels only.
 */
const BASE = promMatchers({
  aimon_run_id: 'run',
  model: 'model',
  service_name: 'originator',
  team_id: 'team',
});
/** Events carry user.email (ChatGPT login), conversation.id and the resource's team.id. */
const LOG_FILTERS = {
  'aimon.run_id': 'run',
  model: 'model',
  'service.name': 'originator',
  'team.id': 'team',
  'user.email': 'user',
  [CODEX.sessionKey]: 'session',
};

const total = (metric: string, extra: string[] = []): string =>
  rangeIncrease(selector(metric, [...BASE, ...extra]));

/** Tokens over the range per series: the sum of codex.turn.token_usage's observations. */
const tokens = (extra: string[] = []): string => `histogram_sum(${total(TURN_TOKENS, extra)})`;

const sel = (metric: string, extra: Partial<MetricSelector> = {}): MetricSelector => ({
  agent: AGENT,
  metric,
  ...extra,
});

/** LogsQL filter for one Codex event (no body: found by its prefixed event.name), with the dashboard variables. */
function events(event: string): string {
  return [logsExact('event.name', event), ...logsMatchers(LOG_FILTERS)].join(' ');
}

/** Every Codex event (their event.name starts with "codex."), with the dashboard variables. */
const ANY_EVENT = [logsRecordFilter(AGENT), ...logsMatchers(LOG_FILTERS)].join(' ');

function latencyPanel(title: string, metric: string, otlpName: string, description: string): PanelSpec {
  const quantileTarget = (refId: string, q: number): PanelSpec['targets'][number] => ({
    refId,
    datasource: 'prometheus',
    instant: true,
    legendFormat: `p${Math.round(q * 100)}`,
    expr: `histogram_quantile(${q}, sum(${total(metric)}))`,
    expect: { kind: 'histogramQuantile', select: sel(otlpName), quantile: q },
  });
  return {
    title,
    description: `${description} Estimated from the client's histogram buckets (linear within a bucket).`,
    type: 'stat',
    unit: 'ms',
    decimals: 0,
    w: 8,
    h: 6,
    targets: [quantileTarget('A', 0.5), quantileTarget('B', 0.95)],
  };
}

const usage: PanelSpec[] = [
  {
    title: 'Turns',
    description: 'Completed turns (observations of codex.turn.e2e_duration_ms).',
    type: 'stat',
    w: 4,
    h: 5,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(histogram_count(${total(TURN_E2E)}))`,
        expect: {
          kind: 'metricTotal',
          select: sel('codex.turn.e2e_duration_ms', { field: 'count' }),
          by: [],
        },
      },
    ],
  },
  {
    title: 'Estimated cost',
    description:
      'Codex sends no cost: (input − cached) × input price + cached × cached price + output × output price, per model tier (telemetry.md price table).',
    type: 'stat',
    unit: 'currencyUSD',
    decimals: 4,
    w: 4,
    h: 5,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: estimatedCost(tokens(['token_type=~"input|cached_input|output"']), []),
        expect: { kind: 'codexEstimatedCost', by: [] },
      },
    ],
  },
  {
    title: 'Estimated cost by model',
    description: 'Estimated USD per model over the range.',
    type: 'bargauge',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 5,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{model}}',
        expr: estimatedCost(tokens(['token_type=~"input|cached_input|output"']), ['model']),
        expect: { kind: 'codexEstimatedCost', by: ['model'] },
      },
    ],
  },
  {
    title: 'Conversations',
    description: 'Distinct conversation.id among Codex events.',
    type: 'stat',
    w: 4,
    h: 5,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${ANY_EVENT} | stats count_uniq(${CODEX.sessionKey}) conversations`,
        expect: { kind: 'distinctSessions', agent: AGENT },
      },
    ],
  },
  {
    title: 'Tokens by type',
    description:
      'Per-turn token usage summed over the range (codex.turn.token_usage): input includes cached.',
    type: 'bargauge',
    unit: 'short',
    w: 12,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{token_type}}',
        expr: `sum by (token_type)(${tokens()})`,
        expect: { kind: 'metricTotal', select: sel('codex.turn.token_usage'), by: ['token_type'] },
      },
    ],
  },
  {
    title: 'Events by name',
    description: 'Codex log events in the range, by event.name.',
    type: 'table',
    unit: 'short',
    w: 12,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${ANY_EVENT} | stats by (event.name) count() events`,
        expect: { kind: 'eventCountsByName', prefix: 'codex.', label: 'event.name', qualify: '' },
      },
    ],
  },
];

const requests: PanelSpec[] = [
  {
    title: 'API requests by status',
    description: 'codex.api_request by HTTP status and success.',
    type: 'table',
    unit: 'short',
    w: 8,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum by (status, success)(${total(API_REQUESTS)})`,
        expect: { kind: 'metricTotal', select: sel('codex.api_request'), by: ['status', 'success'] },
      },
    ],
  },
  {
    title: 'API request failures',
    description: 'codex.api_request with success "false".',
    type: 'stat',
    w: 4,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(API_REQUESTS, ['success="false"'])}) or vector(0)`,
        expect: {
          kind: 'metricTotal',
          select: sel('codex.api_request', { where: { success: 'false' } }),
          by: [],
        },
      },
    ],
  },
  latencyPanel(
    'API request duration',
    API_DURATION,
    'codex.api_request.duration_ms',
    'p50 / p95 of API requests.',
  ),
  latencyPanel('Time to first token', TURN_TTFT, 'codex.turn.ttft.duration_ms', 'p50 / p95 per turn.'),
  latencyPanel('Turn end-to-end', TURN_E2E, 'codex.turn.e2e_duration_ms', 'p50 / p95 per turn.'),
];

const tools: PanelSpec[] = [
  {
    title: 'Tool calls by tool and success',
    description: 'codex.tool.call by tool and success.',
    type: 'table',
    unit: 'short',
    w: 8,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum by (tool, success)(${total(TOOL_CALLS)})`,
        expect: { kind: 'metricTotal', select: sel('codex.tool.call'), by: ['tool', 'success'] },
      },
    ],
  },
  {
    title: 'Approvals',
    description:
      'codex.tool_decision events by decision (approved, approved_for_session, denied, abort) and source.',
    type: 'table',
    unit: 'short',
    w: 8,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('codex.tool_decision')} | stats by (decision, source) count() decisions`,
        expect: {
          kind: 'breakdown',
          select: { event: 'codex.tool_decision', op: 'count' },
          by: ['decision', 'source'],
        },
      },
    ],
  },
  {
    title: 'Sandbox denials',
    description: 'codex.sandbox_outcome events with outcome "denied".',
    type: 'stat',
    w: 4,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('codex.sandbox_outcome')} outcome:="denied" | stats count() denials`,
        expect: {
          kind: 'breakdown',
          select: { event: 'codex.sandbox_outcome', op: 'count', where: { outcome: 'denied' } },
          by: [],
        },
      },
    ],
  },
];

const COMPLETED = 'event.kind:="response.completed"';

/** Σ of one response.completed token field by user.email (events only: Codex metrics carry no user). */
function tokensByUser(refId: string, field: string, name: string): PanelSpec['targets'][number] {
  return {
    refId,
    datasource: 'victorialogs',
    queryType: 'stats',
    expr: `${events('codex.sse_event')} ${COMPLETED} | stats by (user.email) sum(${field}) ${name}`,
    expect: {
      kind: 'breakdown',
      select: {
        event: 'codex.sse_event',
        op: 'sum',
        field,
        where: { 'event.kind': 'response.completed' },
      },
      by: ['user.email'],
    },
  };
}

const people: PanelSpec[] = [
  {
    title: 'Estimated cost by team',
    description:
      'Estimated USD per team.id (OTEL_RESOURCE_ATTRIBUTES=team.id=…, on Codex metrics as team_id); empty team = none given.',
    type: 'bargauge',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{team_id}}',
        expr: estimatedCost(tokens(['token_type=~"input|cached_input|output"']), ['team_id']),
        expect: { kind: 'codexEstimatedCost', by: ['team.id'] },
      },
    ],
  },
  {
    title: 'Turns by team',
    description: 'Completed turns per team.id (observations of codex.turn.e2e_duration_ms).',
    type: 'bargauge',
    unit: 'short',
    w: 4,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{team_id}}',
        expr: `sum by (team_id)(histogram_count(${total(TURN_E2E)}))`,
        expect: {
          kind: 'metricTotal',
          select: sel('codex.turn.e2e_duration_ms', { field: 'count' }),
          by: ['team.id'],
        },
      },
    ],
  },
  {
    title: 'API requests by user',
    description:
      'codex.api_request events by user.email. Codex sends user.email only with a ChatGPT login: an empty user is API-key use.',
    type: 'table',
    unit: 'short',
    w: 6,
    h: 7,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('codex.api_request')} | stats by (user.email) count() requests`,
        expect: {
          kind: 'breakdown',
          select: { event: 'codex.api_request', op: 'count' },
          by: ['user.email'],
        },
      },
    ],
  },
  {
    title: 'Tokens by user',
    description:
      'Input (includes cached) and output tokens of response.completed events, by user.email (empty = API-key use).',
    type: 'table',
    unit: 'short',
    w: 6,
    h: 7,
    targets: [
      tokensByUser('A', 'input_token_count', 'input_tokens'),
      tokensByUser('B', 'output_token_count', 'output_tokens'),
    ],
  },
];

const rawEvents: PanelSpec[] = [
  {
    title: 'Raw events',
    description:
      'The Codex events themselves, newest first (at most 1,000 lines), each shown by its event.name (Codex events have no body): pick a conversation in the Conversation variable to follow one session event by event. Expand a line for every attribute.',
    type: 'logs',
    w: 24,
    h: 12,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'instant',
        maxLines: RAW_EVENT_LINES,
        expr: `${ANY_EVENT} | format "<event.name>" as _msg`,
        expect: { kind: 'rawEvents', agent: AGENT },
      },
    ],
  },
];

const CODEX_EVENTS_RUN = `${logsRecordFilter(AGENT)} aimon.run_id:~"^\${run}$"`;

export const codexDashboard: DashboardSpec = {
  uid: 'aimon-codex',
  title: CODEX.displayName,
  description: 'OpenAI Codex CLI turns, tokens, estimated cost, requests, latency and tools (aimon).',
  tags: ['aimon', 'codex'],
  file: 'codex.json',
  variables: [
    { kind: 'run', name: 'run', label: 'aimon run' },
    {
      kind: 'promLabel',
      name: 'model',
      label: 'Model',
      query: `label_values(${API_REQUESTS}{aimon_run_id=~"$run"}, model)`,
    },
    {
      kind: 'promLabel',
      name: 'originator',
      label: 'Originator',
      query: `label_values(${API_REQUESTS}{aimon_run_id=~"$run"}, service_name)`,
    },
    {
      kind: 'promLabel',
      name: 'team',
      label: 'Team',
      query: `label_values(${API_REQUESTS}{aimon_run_id=~"$run"}, team_id)`,
      description: 'team.id from OTEL_RESOURCE_ATTRIBUTES; filters metric and event panels.',
    },
    {
      kind: 'logsField',
      name: 'user',
      label: 'User',
      field: 'user.email',
      filter: `${CODEX_EVENTS_RUN} team.id:~"^\${team}$"`,
      description: 'user.email (ChatGPT login only); filters the event panels: Codex metrics carry no user.',
    },
    {
      kind: 'logsField',
      name: 'session',
      label: 'Conversation',
      field: CODEX.sessionKey,
      filter: `${CODEX_EVENTS_RUN} team.id:~"^\${team}$" user.email:~"^\${user}$"`,
      description: 'conversation.id; filters the event panels: Codex metrics carry no conversation.',
    },
  ],
  rows: [
    { row: 'Usage and cost', panels: usage },
    { row: 'Requests and latency', panels: requests },
    { row: 'Tools and sandbox', panels: tools },
    { row: 'Users and teams', panels: people },
    { row: 'Events', panels: rawEvents },
  ],
};
