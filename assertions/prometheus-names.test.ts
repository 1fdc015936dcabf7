import { describe, expect, it } from 'vitest';
import { prometheusLabelName, prometheusMetricName, unitSuffix } from './prometheus-names.js';

// Each case was sent to the dev stack's collector (contrib 0.165.1) and read back from its prometheus exporter.
describe('OTLP → Prometheus names', () => {
  it.each([
    ['claude_code.token.usage', 'tokens', 'sum', 'claude_code_token_usage_tokens_total'],
    ['claude_code.cost.usage', 'USD', 'sum', 'claude_code_cost_usage_USD_total'],
    ['claude_code.session.count', '', 'sum', 'claude_code_session_count_total'],
    ['claude_code.active_time.total', 's', 'sum', 'claude_code_active_time_seconds_total'],
    ['claude_code.lines_of_code.count', '', 'sum', 'claude_code_lines_of_code_count_total'],
    ['claude_code.code_edit_tool.decision', '', 'sum', 'claude_code_code_edit_tool_decision_total'],
    ['codex.api_request', '', 'sum', 'codex_api_request_total'],
    ['codex.api_request.duration_ms', 'ms', 'histogram', 'codex_api_request_duration_ms_milliseconds'],
    ['codex.turn.e2e_duration_ms', 'ms', 'histogram', 'codex_turn_e2e_duration_ms_milliseconds'],
    ['codex.turn.token_usage', '', 'histogram', 'codex_turn_token_usage'],
    ['x.time', 's', 'sum', 'x_time_seconds_total'],
    ['x.seconds', 's', 'sum', 'x_seconds_total'],
    ['x.requests_total', '', 'sum', 'x_requests_total'],
    ['t.tokens', 'tokens', 'sum', 't_tokens_total'],
    ['t.count', '1', 'sum', 't_count_total'],
    ['t.curly', '{token}', 'sum', 't_curly_total'],
    ['t.by', 'By', 'sum', 't_by_bytes_total'],
    ['a.total.b', '', 'sum', 'a_b_total'],
    ['g.total', '', 'sum', 'g_total'],
  ] as const)('%s [%s] %s → %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });

  it('maps units with a per-unit', () => {
    expect(unitSuffix('By/s')).toBe('bytes_per_second');
    expect(unitSuffix('{request}/min')).toBe('per_min');
  });

  it('maps attribute keys to label names', () => {
    expect(prometheusLabelName('aimon.run_id')).toBe('aimon_run_id');
    expect(prometheusLabelName('session.id')).toBe('session_id');
    expect(prometheusLabelName('service.name')).toBe('service_name');
    expect(prometheusLabelName('0day')).toBe('key_0day');
  });
});
