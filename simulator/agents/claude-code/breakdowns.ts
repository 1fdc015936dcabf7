/** The aggregates the ledger keeps for Claude Code records (the content suite turns each into a LogsQL stats query). */
import type { BreakdownSpec } from '../agent-model.js';

const API_REQUEST = 'claude_code.api_request';

const tokenSum = (field: string): BreakdownSpec => ({
  id: `claude_code.api_request.${field}.sum.by_model`,
  title: `Claude ${field} by model`,
  event: API_REQUEST,
  by: ['model'],
  op: 'sum',
  field,
});

export const CLAUDE_CODE_BREAKDOWNS: readonly BreakdownSpec[] = [
  {
    id: 'claude_code.api_request.count.by_model',
    title: 'Claude API requests by model',
    event: API_REQUEST,
    by: ['model'],
    op: 'count',
  },
  tokenSum('input_tokens'),
  tokenSum('output_tokens'),
  tokenSum('cache_read_tokens'),
  tokenSum('cache_creation_tokens'),
  {
    id: 'claude_code.api_request.cost_usd.sum.by_model',
    title: 'Claude cost (USD) by model',
    event: API_REQUEST,
    by: ['model'],
    op: 'sum',
    field: 'cost_usd',
  },
  {
    id: 'claude_code.api_request.cost_usd.sum.by_user',
    title: 'Claude cost (USD) by user',
    event: API_REQUEST,
    by: ['user.id'],
    op: 'sum',
    field: 'cost_usd',
  },
  {
    id: 'claude_code.tool_decision.count.by_tool_decision_source',
    title: 'Claude tool decisions by tool, decision and source',
    event: 'claude_code.tool_decision',
    by: ['tool_name', 'decision', 'source'],
    op: 'count',
  },
  {
    id: 'claude_code.tool_result.count.by_tool_success',
    title: 'Claude tool results by tool and success',
    event: 'claude_code.tool_result',
    by: ['tool_name', 'success'],
    op: 'count',
  },
  {
    id: 'claude_code.tool_result.duration_ms.sum.by_tool',
    title: 'Claude tool duration (ms) by tool',
    event: 'claude_code.tool_result',
    by: ['tool_name'],
    op: 'sum',
    field: 'duration_ms',
  },
  {
    id: 'claude_code.api_error.count.by_status_code',
    title: 'Claude API errors by status code',
    event: 'claude_code.api_error',
    by: ['status_code'],
    op: 'count',
  },
  {
    id: 'claude_code.api_retries_exhausted.count',
    title: 'Claude requests that exhausted retries',
    event: 'claude_code.api_retries_exhausted',
    by: [],
    op: 'count',
  },
  // Per user: what the collector's event counts (aimon_claude_code_api_*_total) must add up to (metrics suite).
  {
    id: 'claude_code.api_request.count.by_user',
    title: 'Claude API requests by user',
    event: API_REQUEST,
    by: ['user.id'],
    op: 'count',
  },
  {
    id: 'claude_code.api_error.count.by_user_status_code',
    title: 'Claude API errors by user and status code',
    event: 'claude_code.api_error',
    by: ['user.id', 'status_code'],
    op: 'count',
  },
  {
    id: 'claude_code.api_retries_exhausted.count.by_user',
    title: 'Claude requests that exhausted retries by user',
    event: 'claude_code.api_retries_exhausted',
    by: ['user.id'],
    op: 'count',
  },
  {
    id: 'claude_code.user_prompt.count',
    title: 'Claude user prompts',
    event: 'claude_code.user_prompt',
    by: [],
    op: 'count',
  },
  {
    id: 'claude_code.user_prompt.session_id.count_uniq',
    title: 'Claude sessions with a prompt',
    event: 'claude_code.user_prompt',
    by: [],
    op: 'count_uniq',
    field: 'session.id',
  },
];
