import { AGENTS, logsRecordFilter } from '../core/agents.js';
import type { DashboardSpec, MetricSelector, PanelSpec } from './dashboard-spec.js';
import {
  RAW_EVENT_LINES,
  logsExact,
  logsMatchers,
  promMatchers,
  rangeIncrease,
  selector,
  stepIncrease,
} from './query-builders.js';

const CLAUDE_CODE = AGENTS.claude_code;
const AGENT = CLAUDE_CODE.id;

// Prometheus names as the collector's exporter writes them (verified on the stack, see assertions/prometheus-names.ts).
const COST = 'claude_code_cost_usage_USD_total';
const TOKENS = 'claude_code_token_usage_tokens_total';
const SESSIONS = 'claude_code_session_count_total';
const ACTIVE = 'claude_code_active_time_seconds_total';
const LINES = 'claude_code_lines_of_code_count_total';
const EDIT_DECISIONS = 'claude_code_code_edit_tool_decision_total';
const COMMITS = 'claude_code_commit_count_total';
const PULL_REQUESTS = 'claude_code_pull_request_count_total';

/** Every Claude series carries user/session (copied from the resource) and the resource team attributes. */
const BASE = promMatchers({ aimon_run_id: 'run', user_id: 'user', team_id: 'team', session_id: 'session' });
/** Series that also carry `model` (cost, tokens, lines of code). */
const WITH_MODEL = [...BASE, ...promMatchers({ model: 'model' })];

const total = (metric: string, extra: string[] = [], withModel = true): string =>
  rangeIncrease(selector(metric, [...(withModel ? WITH_MODEL : BASE), ...extra]));
const perStep = (metric: string, extra: string[] = [], withModel = true): string =>
  stepIncrease(selector(metric, [...(withModel ? WITH_MODEL : BASE), ...extra]));

const sel = (metric: string, where?: MetricSelector['where']): MetricSelector => ({
  agent: AGENT,
  metric,
  ...(where ? { where } : {}),
});

/** LogsQL filter for one Claude event, with the dashboard variables. */
function events(event: string, withModel: boolean): string {
  const filters = [
    logsRecordFilter(AGENT),
    logsExact('event.name', event),
    ...logsMatchers({
      'aimon.run_id': 'run',
      'user.id': 'user',
      'team.id': 'team',
      [CLAUDE_CODE.sessionKey]: 'session',
    }),
    ...(withModel ? logsMatchers({ model: 'model' }) : []),
  ];
  return filters.join(' ');
}

const overview: PanelSpec[] = [
  {
    title: 'Total cost',
    description: 'USD spent in the selected range (claude_code.cost.usage, exact increase over the range).',
    type: 'stat',
    unit: 'currencyUSD',
    decimals: 4,
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(COST)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.cost.usage'), by: [] },
      },
    ],
  },
  {
    title: 'Sessions',
    description:
      'Sessions started (claude_code.session.count). Each is a one-shot series: increase() would read 0 here.',
    type: 'stat',
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(SESSIONS, [], false)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.session.count'), by: [] },
      },
    ],
  },
  {
    title: 'Active users',
    description: 'Distinct user.id that used tokens in the range.',
    type: 'stat',
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `count(sum by (user_id)(${total(TOKENS)}) > 0)`,
        expect: { kind: 'distinctPositive', select: sel('claude_code.token.usage'), distinct: 'user.id' },
      },
    ],
  },
  {
    title: 'API requests',
    description: 'Successful API requests (api_request events).',
    type: 'stat',
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('api_request', true)} | stats count() requests`,
        expect: { kind: 'eventCount', events: ['claude_code.api_request'] },
      },
    ],
  },
  {
    title: 'Retries exhausted',
    description: 'Requests that failed after the last retry (api_retries_exhausted events).',
    type: 'stat',
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('api_retries_exhausted', true)} | stats count() exhausted`,
        expect: { kind: 'eventCount', events: ['claude_code.api_retries_exhausted'] },
      },
    ],
  },
  {
    title: 'Cache hit ratio',
    description: 'cacheRead / (input + cacheRead + cacheCreation) tokens.',
    type: 'gauge',
    unit: 'percentunit',
    decimals: 3,
    w: 4,
    h: 4,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(TOKENS, ['type="cacheRead"'])}) / sum(${total(TOKENS, ['type=~"input|cacheRead|cacheCreation"'])})`,
        expect: {
          kind: 'metricRatio',
          num: sel('claude_code.token.usage', { type: 'cacheRead' }),
          den: sel('claude_code.token.usage', { type: ['input', 'cacheRead', 'cacheCreation'] }),
          scale: 1,
          by: [],
        },
      },
    ],
  },
];

const cost: PanelSpec[] = [
  {
    title: 'Cost by model',
    description: 'USD by model over the range.',
    type: 'bargauge',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{model}}',
        expr: `sum by (model)(${total(COST)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.cost.usage'), by: ['model'] },
      },
    ],
  },
  {
    title: 'Top users by cost',
    description: 'USD by user.id (with team) over the range, highest first.',
    type: 'table',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sort_desc(sum by (user_id, team_id)(${total(COST)}))`,
        expect: { kind: 'metricTotal', select: sel('claude_code.cost.usage'), by: ['user.id', 'team.id'] },
      },
    ],
  },
  {
    title: 'Cost by team',
    description: 'USD by team.id (from OTEL_RESOURCE_ATTRIBUTES) over the range.',
    type: 'bargauge',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{team_id}}',
        expr: `sort_desc(sum by (team_id)(${total(COST)}))`,
        expect: { kind: 'metricTotal', select: sel('claude_code.cost.usage'), by: ['team.id'] },
      },
    ],
  },
  {
    title: 'Cost per session',
    description: 'USD by session.id over the range.',
    type: 'table',
    unit: 'currencyUSD',
    decimals: 4,
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sort_desc(sum by (session_id, user_id)(${total(COST)}))`,
        expect: {
          kind: 'metricTotal',
          select: sel('claude_code.cost.usage'),
          by: [CLAUDE_CODE.sessionKey, ...CLAUDE_CODE.userKeys],
        },
      },
    ],
  },
  {
    title: 'Cost per active hour',
    description: 'USD divided by active hours (claude_code.active_time.total, cli + user) in the range.',
    type: 'stat',
    unit: 'currencyUSD',
    decimals: 4,
    w: 4,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(COST)}) / (sum(${total(ACTIVE, [], false)}) / 3600)`,
        expect: {
          kind: 'metricRatio',
          num: sel('claude_code.cost.usage'),
          den: sel('claude_code.active_time.total'),
          scale: 3600,
          by: [],
        },
      },
    ],
  },
  {
    title: 'Cost over time by model',
    description: 'USD spent per graph step; the legend total is the range total.',
    type: 'timeseries',
    unit: 'currencyUSD',
    w: 12,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: false,
        legendFormat: '{{model}}',
        expr: `sum by (model)(${perStep(COST)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.cost.usage'), by: ['model'] },
      },
    ],
  },
];

const tokens: PanelSpec[] = [
  {
    title: 'Tokens by type',
    description: 'input / output / cacheRead / cacheCreation tokens over the range.',
    type: 'bargauge',
    unit: 'short',
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{type}}',
        expr: `sum by (type)(${total(TOKENS)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.token.usage'), by: ['type'] },
      },
    ],
  },
  {
    title: 'Tokens by model and type',
    description: 'Token totals per model and type over the range.',
    type: 'table',
    unit: 'short',
    w: 16,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum by (model, type)(${total(TOKENS)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.token.usage'), by: ['model', 'type'] },
      },
    ],
  },
];

const requests: PanelSpec[] = [
  {
    title: 'API requests over time',
    description: 'api_request events per graph step; the legend total is the range total.',
    type: 'timeseries',
    unit: 'short',
    w: 12,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'statsRange',
        legendFormat: '{{model}}',
        expr: `${events('api_request', true)} | stats by (model) count() requests`,
        expect: {
          kind: 'breakdown',
          select: { event: 'claude_code.api_request', op: 'count' },
          by: ['model'],
        },
      },
    ],
  },
  {
    title: 'API latency (duration_ms, ttft_ms)',
    description: 'p50 / p95 of api_request duration and time to first token, in ms.',
    type: 'stat',
    unit: 'ms',
    w: 6,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('api_request', true)} | stats quantile(0.5, duration_ms) duration_p50, quantile(0.95, duration_ms) duration_p95`,
        expect: {
          kind: 'rawQuantiles',
          agent: AGENT,
          event: 'claude_code.api_request',
          field: 'duration_ms',
          quantiles: { duration_p50: 0.5, duration_p95: 0.95 },
        },
      },
      {
        refId: 'B',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('api_request', true)} | stats quantile(0.5, ttft_ms) ttft_p50, quantile(0.95, ttft_ms) ttft_p95`,
        expect: {
          kind: 'rawQuantiles',
          agent: AGENT,
          event: 'claude_code.api_request',
          field: 'ttft_ms',
          quantiles: { ttft_p50: 0.5, ttft_p95: 0.95 },
        },
      },
    ],
  },
  {
    title: 'API errors by status code',
    description: 'api_error events (the final attempt of a failed request) by status_code.',
    type: 'bargauge',
    unit: 'short',
    w: 6,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        legendFormat: '{{status_code}}',
        expr: `${events('api_error', true)} | stats by (status_code) count() errors`,
        expect: {
          kind: 'breakdown',
          select: { event: 'claude_code.api_error', op: 'count' },
          by: ['status_code'],
        },
      },
    ],
  },
];

const tools: PanelSpec[] = [
  {
    title: 'Tool decisions',
    description: 'tool_decision events by tool, decision (accept/reject) and source.',
    type: 'table',
    unit: 'short',
    w: 12,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        expr: `${events('tool_decision', false)} | stats by (tool_name, decision, source) count() decisions`,
        expect: {
          kind: 'breakdown',
          select: { event: 'claude_code.tool_decision', op: 'count' },
          by: ['tool_name', 'decision', 'source'],
        },
      },
    ],
  },
  {
    title: 'Tool success rate',
    description: 'Share of tool_result events with success "true", by tool.',
    type: 'bargauge',
    unit: 'percent',
    decimals: 2,
    w: 6,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        legendFormat: '{{tool_name}}',
        expr: `${events('tool_result', false)} | stats by (tool_name) count() results, count() if (success:="true") succeeded | math succeeded * 100 / results as success_rate | fields tool_name, success_rate`,
        expect: {
          kind: 'breakdownRatio',
          num: { event: 'claude_code.tool_result', op: 'count', where: { success: 'true' } },
          den: { event: 'claude_code.tool_result', op: 'count' },
          scale: 100,
          by: ['tool_name'],
        },
      },
    ],
  },
  {
    title: 'Tool duration by tool (mean)',
    description: 'Mean tool_result duration_ms by tool.',
    type: 'bargauge',
    unit: 'ms',
    decimals: 1,
    w: 6,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'stats',
        legendFormat: '{{tool_name}}',
        expr: `${events('tool_result', false)} | stats by (tool_name) avg(duration_ms) mean_duration_ms`,
        expect: {
          kind: 'breakdownRatio',
          num: { event: 'claude_code.tool_result', op: 'sum', field: 'duration_ms' },
          den: { event: 'claude_code.tool_result', op: 'count' },
          scale: 1,
          by: ['tool_name'],
        },
      },
    ],
  },
  {
    title: 'Code edit tool decisions',
    description: 'claude_code.code_edit_tool.decision by tool and decision.',
    type: 'table',
    unit: 'short',
    w: 8,
    h: 8,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum by (tool_name, decision)(${total(EDIT_DECISIONS, [], false)})`,
        expect: {
          kind: 'metricTotal',
          select: sel('claude_code.code_edit_tool.decision'),
          by: ['tool_name', 'decision'],
        },
      },
    ],
  },
];

const code: PanelSpec[] = [
  {
    title: 'Lines of code',
    description: 'Lines added / removed (claude_code.lines_of_code.count).',
    type: 'bargauge',
    unit: 'short',
    w: 8,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{type}}',
        expr: `sum by (type)(${total(LINES)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.lines_of_code.count'), by: ['type'] },
      },
    ],
  },
  {
    title: 'Commits',
    description: 'claude_code.commit.count over the range.',
    type: 'stat',
    w: 4,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(COMMITS, [], false)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.commit.count'), by: [] },
      },
    ],
  },
  {
    title: 'Pull requests',
    description: 'claude_code.pull_request.count over the range.',
    type: 'stat',
    w: 4,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(PULL_REQUESTS, [], false)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.pull_request.count'), by: [] },
      },
    ],
  },
  {
    title: 'Active time',
    description: 'Active seconds by type (cli / user).',
    type: 'bargauge',
    unit: 's',
    w: 8,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        legendFormat: '{{type}}',
        expr: `sum by (type)(${total(ACTIVE, [], false)})`,
        expect: { kind: 'metricTotal', select: sel('claude_code.active_time.total'), by: ['type'] },
      },
    ],
  },
  {
    title: 'Cost per commit',
    description:
      'USD spent in the range divided by the commits made in it (claude_code.commit.count), over the same users, teams and sessions. Empty when no commit was made.',
    type: 'stat',
    unit: 'currencyUSD',
    decimals: 4,
    w: 12,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(COST, [], false)}) / sum(${total(COMMITS, [], false)})`,
        expect: {
          kind: 'metricRatio',
          num: sel('claude_code.cost.usage'),
          den: sel('claude_code.commit.count'),
          scale: 1,
          by: [],
        },
      },
    ],
  },
  {
    title: 'Cost per pull request',
    description:
      'USD spent in the range divided by the pull requests created in it (claude_code.pull_request.count). Empty when no pull request was created.',
    type: 'stat',
    unit: 'currencyUSD',
    decimals: 4,
    w: 12,
    h: 6,
    targets: [
      {
        refId: 'A',
        datasource: 'prometheus',
        instant: true,
        expr: `sum(${total(COST, [], false)}) / sum(${total(PULL_REQUESTS, [], false)})`,
        expect: {
          kind: 'metricRatio',
          num: sel('claude_code.cost.usage'),
          den: sel('claude_code.pull_request.count'),
          scale: 1,
          by: [],
        },
      },
    ],
  },
];

const eventLog: PanelSpec[] = [
  {
    title: 'Raw events',
    description:
      'The Claude Code events themselves, newest first (at most 1,000 lines): pick a session in the Session variable to follow one session event by event. Expand a line for every attribute.',
    type: 'logs',
    w: 24,
    h: 12,
    targets: [
      {
        refId: 'A',
        datasource: 'victorialogs',
        queryType: 'instant',
        maxLines: RAW_EVENT_LINES,
        expr: [
          logsRecordFilter(AGENT),
          ...logsMatchers({
            'aimon.run_id': 'run',
            'user.id': 'user',
            'team.id': 'team',
            [CLAUDE_CODE.sessionKey]: 'session',
          }),
        ].join(' '),
        expect: { kind: 'rawEvents', agent: AGENT },
      },
    ],
  },
];

export const claudeCodeDashboard: DashboardSpec = {
  uid: 'aimon-claude-code',
  title: CLAUDE_CODE.displayName,
  description: 'Claude Code usage, cost, latency, errors and tools (aimon).',
  tags: ['aimon', 'claude-code'],
  file: 'claude-code.json',
  variables: [
    { kind: 'run', name: 'run', label: 'aimon run' },
    {
      kind: 'promLabel',
      name: 'user',
      label: 'User',
      query: `label_values(${SESSIONS}{aimon_run_id=~"$run"}, user_id)`,
    },
    {
      kind: 'promLabel',
      name: 'team',
      label: 'Team',
      query: `label_values(${SESSIONS}{aimon_run_id=~"$run"}, team_id)`,
    },
    {
      kind: 'promLabel',
      name: 'model',
      label: 'Model',
      query: `label_values(${TOKENS}{aimon_run_id=~"$run"}, model)`,
    },
    {
      kind: 'promLabel',
      name: 'session',
      label: 'Session',
      query: `label_values(${SESSIONS}{aimon_run_id=~"$run", user_id=~"$user", team_id=~"$team"}, session_id)`,
    },
  ],
  rows: [
    { row: 'Overview', panels: overview },
    { row: 'Cost', panels: cost },
    { row: 'Tokens', panels: tokens },
    { row: 'Requests, latency and errors', panels: requests },
    { row: 'Tools', panels: tools },
    { row: 'Code', panels: code },
    { row: 'Events', panels: eventLog },
  ],
};
