import { AGENTS, logsRecordFilter } from '../core/agents.js';
import { estimatedCost } from './codex-prices.js';
import type { DashboardSpec, PanelSpec } from './dashboard-spec.js';
import { logsExact, logsMatchers, promMatchers, rangeIncrease, selector } from './query-builders.js';

const RUN = promMatchers({ aimon_run_id: 'run' });
const total = (metric: string, extra: string[] = []): string =>
  rangeIncrease(selector(metric, [...RUN, ...extra]));
const claudeEvents = (event: string): string =>
  [
    logsRecordFilter('claude_code'),
    logsExact('event.name', event),
    ...logsMatchers({ 'aimon.run_id': 'run' }),
  ].join(' ');

function pair(
  title: string,
  description: string,
  unit: string | undefined,
  claude: PanelSpec['targets'][number],
  codex: PanelSpec['targets'][number],
): PanelSpec {
  return {
    title,
    description,
    type: 'stat',
    ...(unit ? { unit } : {}),
    ...(unit === 'currencyUSD' ? { decimals: 4 } : {}),
    w: 8,
    h: 5,
    targets: [
      { ...claude, refId: 'A', legendFormat: 'Claude Code' },
      { ...codex, refId: 'B', legendFormat: 'Codex' },
    ],
  };
}

const panels: PanelSpec[] = [
  pair(
    'Spend',
    'Claude Code cost as reported by the client; Codex cost estimated from its token usage and the price table.',
    'currencyUSD',
    {
      refId: 'A',
      datasource: 'prometheus',
      instant: true,
      expr: `sum(${total('claude_code_cost_usage_USD_total')})`,
      expect: {
        kind: 'metricTotal',
        select: { agent: 'claude_code', metric: 'claude_code.cost.usage' },
        by: [],
      },
    },
    {
      refId: 'B',
      datasource: 'prometheus',
      instant: true,
      expr: estimatedCost(
        `histogram_sum(${total('codex_turn_token_usage', ['token_type=~"input|cached_input|output"'])})`,
        [],
      ),
      expect: { kind: 'codexEstimatedCost', by: [] },
    },
  ),
  pair(
    'Tokens',
    'Claude: input + output + cache read + cache creation. Codex: input (includes cached) + output (includes reasoning).',
    'short',
    {
      refId: 'A',
      datasource: 'prometheus',
      instant: true,
      expr: `sum(${total('claude_code_token_usage_tokens_total')})`,
      expect: {
        kind: 'metricTotal',
        select: { agent: 'claude_code', metric: 'claude_code.token.usage' },
        by: [],
      },
    },
    {
      refId: 'B',
      datasource: 'prometheus',
      instant: true,
      expr: `sum(histogram_sum(${total('codex_turn_token_usage', ['token_type=~"input|output"'])}))`,
      expect: {
        kind: 'metricTotal',
        select: {
          agent: 'codex',
          metric: 'codex.turn.token_usage',
          where: { token_type: ['input', 'output'] },
        },
        by: [],
      },
    },
  ),
  pair(
    'API requests',
    'Claude: api_request + api_error events (each failed request logs one api_error). Codex: codex.api_request count.',
    'short',
    {
      refId: 'A',
      datasource: 'victorialogs',
      queryType: 'stats',
      expr: `${logsRecordFilter('claude_code')} event.name:in("api_request", "api_error") ${logsMatchers({ 'aimon.run_id': 'run' }).join(' ')} | stats count() requests`,
      expect: { kind: 'eventCount', events: ['claude_code.api_request', 'claude_code.api_error'] },
    },
    {
      refId: 'B',
      datasource: 'prometheus',
      instant: true,
      expr: `sum(${total('codex_api_request_total')})`,
      expect: { kind: 'metricTotal', select: { agent: 'codex', metric: 'codex.api_request' }, by: [] },
    },
  ),
  pair(
    'API errors',
    'Claude: api_error events. Codex: codex.api_request with success "false".',
    'short',
    {
      refId: 'A',
      datasource: 'victorialogs',
      queryType: 'stats',
      expr: `${claudeEvents('api_error')} | stats count() errors`,
      expect: { kind: 'eventCount', events: ['claude_code.api_error'] },
    },
    {
      refId: 'B',
      datasource: 'prometheus',
      instant: true,
      expr: `sum(${total('codex_api_request_total', ['success="false"'])}) or vector(0)`,
      expect: {
        kind: 'metricTotal',
        select: { agent: 'codex', metric: 'codex.api_request', where: { success: 'false' } },
        by: [],
      },
    },
  ),
  pair(
    'Active users / conversations',
    'Claude: distinct user.id that used tokens. Codex sends no user id without a ChatGPT login: distinct conversations.',
    'short',
    {
      refId: 'A',
      datasource: 'prometheus',
      instant: true,
      expr: `count(sum by (user_id)(${total('claude_code_token_usage_tokens_total')}) > 0)`,
      expect: {
        kind: 'distinctPositive',
        select: { agent: 'claude_code', metric: 'claude_code.token.usage' },
        distinct: 'user.id',
      },
    },
    {
      refId: 'B',
      datasource: 'victorialogs',
      queryType: 'stats',
      expr: `${logsRecordFilter('codex')} ${logsMatchers({ 'aimon.run_id': 'run' }).join(' ')} | stats count_uniq(${AGENTS.codex.sessionKey}) conversations`,
      expect: { kind: 'distinctSessions', agent: 'codex' },
    },
  ),
];

export const overviewDashboard: DashboardSpec = {
  uid: 'aimon-overview',
  title: 'AI assistants overview',
  description: 'Claude Code and Codex side by side: spend, tokens, requests, errors, users (aimon).',
  tags: ['aimon'],
  file: 'overview.json',
  variables: [{ kind: 'run', name: 'run', label: 'aimon run' }],
  rows: [{ row: 'Claude Code and Codex', panels }],
};
