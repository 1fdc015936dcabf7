/** The aggregates the ledger keeps for Codex records (the content suite turns each into a LogsQL stats query). */
import type { BreakdownSpec } from '../agent-model.js';

const COMPLETED = { 'event.kind': 'response.completed' } as const;

const completedSum = (field: string): BreakdownSpec => ({
  id: `codex.sse_event.response_completed.${field}.sum.by_model`,
  title: `Codex ${field} by model`,
  event: 'codex.sse_event',
  where: COMPLETED,
  by: ['model'],
  op: 'sum',
  field,
});

/** Per user (user.email, sent with a ChatGPT login only; "" for API-key use): what the Codex dashboard shows by user. */
const completedSumByUser = (field: string): BreakdownSpec => ({
  id: `codex.sse_event.response_completed.${field}.sum.by_user_email`,
  title: `Codex ${field} by user`,
  event: 'codex.sse_event',
  where: COMPLETED,
  by: ['user.email'],
  op: 'sum',
  field,
});

export const CODEX_BREAKDOWNS: readonly BreakdownSpec[] = [
  {
    id: 'codex.api_request.count.by_status_model',
    title: 'Codex API requests by status code and model',
    event: 'codex.api_request',
    by: ['http.response.status_code', 'model'],
    op: 'count',
  },
  completedSum('input_token_count'),
  completedSum('cached_token_count'),
  completedSum('output_token_count'),
  completedSum('reasoning_token_count'),
  {
    id: 'codex.api_request.count.by_user_email',
    title: 'Codex API requests by user',
    event: 'codex.api_request',
    by: ['user.email'],
    op: 'count',
  },
  completedSumByUser('input_token_count'),
  completedSumByUser('output_token_count'),
  {
    id: 'codex.tool_decision.count.by_decision',
    title: 'Codex tool decisions by decision',
    event: 'codex.tool_decision',
    by: ['decision'],
    op: 'count',
  },
  {
    id: 'codex.tool_decision.count.by_decision_source',
    title: 'Codex tool decisions by decision and source',
    event: 'codex.tool_decision',
    by: ['decision', 'source'],
    op: 'count',
  },
  {
    id: 'codex.tool_result.count.by_tool_success',
    title: 'Codex tool results by tool and success',
    event: 'codex.tool_result',
    by: ['tool_name', 'success'],
    op: 'count',
  },
  {
    id: 'codex.sandbox_outcome.count.by_outcome',
    title: 'Codex sandbox outcomes',
    event: 'codex.sandbox_outcome',
    by: ['outcome'],
    op: 'count',
  },
  {
    id: 'codex.user_prompt.count',
    title: 'Codex user prompts',
    event: 'codex.user_prompt',
    by: [],
    op: 'count',
  },
  {
    id: 'codex.conversation_starts.conversation_id.count_uniq',
    title: 'Codex conversations',
    event: 'codex.conversation_starts',
    by: [],
    op: 'count_uniq',
    field: 'conversation.id',
  },
];
