/**
 * Claude Code 2.1.332 schema transcribed from /work/shared/reference/telemetry.md for the tests:
 * keys and OTLP value types exactly (s string, i int, d double, b bool, a array).
 */
import type { AttributeSpec } from '../shared/schema-check.fixture.js';

export const RESOURCE: AttributeSpec = {
  required: {
    'service.name': 's',
    'service.version': 's',
    'os.type': 's',
    'os.version': 's',
    'host.arch': 's',
  },
  optional: { 'team.id': 's' },
};

/** On every event (and, minus the event.* keys, on every metric data point). */
export const COMMON: AttributeSpec = {
  required: {
    'user.id': 's',
    'session.id': 's',
    'anthropic.provider': 's',
    'anthropic.custom_base_url': 'b',
    'terminal.type': 's',
  },
  // OAuth login (docs) and OTEL_RESOURCE_ATTRIBUTES keys copied onto records.
  optional: {
    'organization.id': 's',
    'user.account_uuid': 's',
    'user.account_id': 's',
    'user.email': 's',
    'team.id': 's',
  },
};

export const EVENT_COMMON: AttributeSpec = {
  required: { 'event.name': 's', 'event.timestamp': 's', 'event.sequence': 'i' },
};

const PROMPT: AttributeSpec = { required: { 'prompt.id': 's' } };

export const EVENTS: Record<string, AttributeSpec[]> = {
  user_prompt: [
    PROMPT,
    { required: { prompt_length: 's', prompt: 's', prompt_text: 's', 'message.uuid': 's' } },
  ],
  api_request: [
    PROMPT,
    {
      required: {
        model: 's',
        input_tokens: 'i',
        output_tokens: 'i',
        cache_read_tokens: 'i',
        cache_creation_tokens: 'i',
        cache_creation_5m_tokens: 'i',
        cache_creation_1h_tokens: 'i',
        cost_usd: 'd',
        cost_usd_micros: 'i',
        duration_ms: 'i',
        ttft_ms: 'i',
        request_id: 's',
        speed: 's',
        query_source: 's',
      },
      optional: { effort: 's' },
    },
  ],
  assistant_response: [
    PROMPT,
    {
      required: {
        response_length: 'i',
        response: 's',
        request_id: 's',
        'message.uuid': 's',
        model: 's',
        query_source: 's',
      },
    },
  ],
  tool_decision: [
    PROMPT,
    {
      required: {
        decision: 's',
        source: 's',
        tool_name: 's',
        tool_use_id: 's',
        tool_source: 's',
        permission_mode: 's',
        request_id: 's',
      },
      optional: { tool_parameters: 's' },
    },
  ],
  tool_result: [
    PROMPT,
    {
      required: {
        tool_name: 's',
        tool_use_id: 's',
        success: 's',
        duration_ms: 's',
        tool_input_size_bytes: 's',
        tool_result_size_bytes: 's',
        request_id: 's',
        tool_input: 's',
      },
      optional: { tool_parameters: 's', error_type: 's', error: 's' },
    },
  ],
  api_error: [
    PROMPT,
    {
      required: {
        model: 's',
        error: 's',
        status_code: 'i',
        duration_ms: 'i',
        attempt: 'i',
        request_id: 's',
        speed: 's',
        query_source: 's',
      },
      optional: { effort: 's' },
    },
  ],
  api_retries_exhausted: [
    PROMPT,
    {
      required: {
        model: 's',
        error: 's',
        status_code: 'i',
        total_attempts: 'i',
        total_retry_duration_ms: 'i',
        speed: 's',
        query_source: 's',
      },
      optional: { effort: 's' },
    },
  ],
  managed_settings_resolved: [
    {
      required: {
        'managed_settings.trigger': 's',
        'managed_settings.sources': 'a',
        'managed_settings.source_behavior': 's',
        'managed_settings.helper.state': 's',
        // telemetry.md gives no type; the real client sends a string (test/real-clients/KNOWN-DIFFERENCES.md).
        'managed_settings.helper.applied': 's',
      },
    },
  ],
  plugin_loaded: [
    {
      required: {
        'plugin.name': 's',
        'marketplace.name': 's',
        'plugin.scope': 's',
        enabled_via: 's',
        plugin_id_hash: 's',
        has_hooks: 'b',
        has_mcp: 'b',
        host_owned_mcp: 'b',
        skill_path_count: 'i',
        command_path_count: 'i',
        agent_path_count: 'i',
        safe_mode: 's',
      },
    },
  ],
};

/** Metric → unit and own data-point attributes (besides COMMON). */
export const METRICS: Record<string, { unit: string; attributes: AttributeSpec }> = {
  'claude_code.session.count': { unit: '', attributes: { required: { start_type: 's' } } },
  'claude_code.cost.usage': {
    unit: 'USD',
    attributes: { required: { model: 's', query_source: 's' }, optional: { effort: 's' } },
  },
  'claude_code.token.usage': {
    unit: 'tokens',
    attributes: { required: { model: 's', query_source: 's', type: 's' }, optional: { effort: 's' } },
  },
  'claude_code.active_time.total': { unit: 's', attributes: { required: { type: 's' } } },
  'claude_code.lines_of_code.count': { unit: '', attributes: { required: { type: 's', model: 's' } } },
  'claude_code.code_edit_tool.decision': {
    unit: '',
    attributes: { required: { decision: 's', source: 's', tool_name: 's', language: 's' } },
  },
  'claude_code.commit.count': { unit: '', attributes: { required: {} } },
  'claude_code.pull_request.count': { unit: '', attributes: { required: {} } },
};
