/** Codex 0.171.0 schema transcribed from /work/shared/reference/telemetry.md for the tests. */
import type { AttributeSpec } from '../shared/schema-check.fixture.js';

const RESOURCE_COMMON = {
  'service.name': 's',
  'service.version': 's',
  env: 's',
  'telemetry.sdk.name': 's',
  'telemetry.sdk.language': 's',
  'telemetry.sdk.version': 's',
} as const;
// team.id: from OTEL_RESOURCE_ATTRIBUTES, which Codex honours (test/real-clients/KNOWN-DIFFERENCES.md).
export const LOGS_RESOURCE: AttributeSpec = {
  required: { ...RESOURCE_COMMON, 'host.name': 's' },
  optional: { 'team.id': 's' },
};
export const METRICS_RESOURCE: AttributeSpec = {
  required: { ...RESOURCE_COMMON, os: 's', os_version: 's' },
  optional: { 'team.id': 's' },
};

export const COMMON: AttributeSpec = {
  required: {
    'event.name': 's',
    'event.timestamp': 's',
    'conversation.id': 's',
    'app.version': 's',
    originator: 's',
    'terminal.type': 's',
    model: 's',
    slug: 's',
  },
  // ChatGPT login (docs).
  optional: { 'user.account_id': 's', 'user.email': 's', auth_mode: 's' },
};

const AUTH_ENV = {
  'auth.env_openai_api_key_present': 'b',
  'auth.env_codex_api_key_present': 'b',
  'auth.env_codex_api_key_enabled': 'b',
  'auth.env_provider_key_name': 's',
  'auth.env_provider_key_present': 'b',
  // Seen from the real 0.171.0 client (test/real-clients/KNOWN-DIFFERENCES.md), not in telemetry.md.
  'auth.env_refresh_token_url_override_present': 'b',
} as const;

export const EVENTS: Record<string, AttributeSpec> = {
  'codex.conversation_starts': {
    required: {
      provider_name: 's',
      reasoning_summary: 's',
      approval_policy: 's',
      sandbox_policy: 's',
      mcp_servers: 's',
      'config.legacy_multi_agent_disabled_sources': 's',
      ...AUTH_ENV,
    },
  },
  'codex.startup_phase': { required: { 'startup.phase': 's', 'startup.status': 's', duration_ms: 's' } },
  'codex.user_prompt': { required: { prompt_length: 's', prompt: 's' } },
  'codex.api_request': {
    required: {
      duration_ms: 's',
      'http.response.status_code': 'i',
      attempt: 'i',
      endpoint: 's',
      'auth.header_attached': 'b',
      'auth.header_name': 's',
      'auth.retry_after_unauthorized': 'b',
      ...AUTH_ENV,
    },
    optional: { 'error.message': 's', 'auth.request_id': 's' },
  },
  'codex.sse_event': {
    required: { 'event.kind': 's', duration_ms: 's' },
    optional: {
      input_token_count: 's',
      output_token_count: 's',
      cached_token_count: 'i',
      cache_write_token_count: 'i',
      reasoning_token_count: 'i',
      tool_token_count: 's',
      ttft_ms: 'i',
    },
  },
  'codex.turn_ttft': { required: { duration_ms: 's' } },
  'codex.tool_decision': {
    required: { tool_name: 's', tool_namespace: 's', call_id: 's', decision: 's', source: 's' },
  },
  'codex.tool_result': {
    required: {
      tool_result_seq: 'i',
      tool_name: 's',
      tool_namespace: 's',
      call_id: 's',
      duration_ms: 's',
      success: 's',
      output_truncated: 'b',
      agent_name: 's',
      arguments: 's',
      output: 's',
      mcp_server: 's',
      mcp_server_origin: 's',
    },
  },
  'codex.sandbox_outcome': {
    required: { tool_name: 's', call_id: 's', outcome: 's', initial_duration_ms: 'i' },
  },
};

export const METRIC_COMMON: AttributeSpec = {
  required: { 'app.version': 's', model: 's', originator: 's', session_source: 's' },
};

export const MS_BOUNDS = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 3000, 3500, 4000, 4500,
  5000, 6000, 7000, 7500, 8000, 9000, 10000, 12000, 15000, 20000, 30000, 60000, 120000,
];
export const TOKEN_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

export const METRICS: Record<
  string,
  { kind: 'sum' | 'histogram'; unit: string; bounds?: number[]; attributes: AttributeSpec }
> = {
  'codex.api_request': { kind: 'sum', unit: '', attributes: { required: { status: 's', success: 's' } } },
  'codex.api_request.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: { required: { status: 's', success: 's' } },
  },
  'codex.sse_event': { kind: 'sum', unit: '', attributes: { required: { kind: 's', success: 's' } } },
  'codex.sse_event.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: { required: { kind: 's', success: 's' } },
  },
  'codex.tool.call': {
    kind: 'sum',
    unit: '',
    attributes: {
      required: {
        tool: 's',
        success: 's',
        sandbox: 's',
        sandbox_policy: 's',
        command_category: 's',
        shell_snapshot_mode: 's',
      },
    },
  },
  'codex.tool.call.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: {
      required: {
        tool: 's',
        success: 's',
        sandbox: 's',
        sandbox_policy: 's',
        command_category: 's',
        shell_snapshot_mode: 's',
      },
    },
  },
  'codex.turn.token_usage': {
    kind: 'histogram',
    unit: '',
    bounds: TOKEN_BOUNDS,
    attributes: { required: { token_type: 's', tmp_mem_enabled: 's' } },
  },
  'codex.turn.e2e_duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: { required: {} },
  },
  'codex.turn.ttft.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: { required: {} },
  },
  'codex.turn.ttfm.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: MS_BOUNDS,
    attributes: { required: {} },
  },
  'codex.conversation.turn.count': { kind: 'sum', unit: '', attributes: { required: {} } },
  'codex.thread.started': {
    kind: 'sum',
    unit: '',
    attributes: { required: { is_git: 's', is_worktree: 's' } },
  },
};

/**
 * Codex's runtime instruments (not in telemetry.md), from a capture of the real 0.171.0 client (`codex exec`,
 * plain / tool / sandbox-denied / retried sessions): kind, unit, number of histogram bounds and the union of
 * data-point attribute keys (all string-valued).
 */
export const RUNTIME_METRICS: Record<
  string,
  { kind: 'sum' | 'histogram'; unit: string; bounds?: number; keys: string[] }
> = {
  'codex.auth.selection': { kind: 'sum', unit: '', keys: ['mode', 'operation', 'outcome'] },
  'codex.auth.selection.duration': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['mode', 'operation', 'outcome'],
  },
  'codex.auth_storage.duration': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: [
      'actual_store',
      'credential_kind',
      'fallback_reason',
      'operation',
      'originator',
      'outcome',
      'secure_error',
      'secure_outcome',
      'selected_store',
      'storage_phase',
      'store_mode',
    ],
  },
  'codex.auth_storage.operation': {
    kind: 'sum',
    unit: '',
    keys: [
      'actual_store',
      'credential_kind',
      'fallback_reason',
      'operation',
      'originator',
      'outcome',
      'secure_error',
      'secure_outcome',
      'selected_store',
      'storage_phase',
      'store_mode',
    ],
  },
  'codex.cloud_config_bundle.fetch.duration_ms': { kind: 'histogram', unit: 'ms', bounds: 34, keys: [] },
  'codex.cloud_config_bundle.load': { kind: 'sum', unit: '', keys: ['bundle_shape', 'outcome', 'trigger'] },
  'codex.db.backfill': { kind: 'sum', unit: '', keys: ['status'] },
  'codex.db.backfill.duration_ms': { kind: 'histogram', unit: 'ms', bounds: 34, keys: ['status'] },
  'codex.feature.state': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'feature', 'model', 'originator', 'session_source', 'value'],
  },
  'codex.guardian.turn.blocking_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['app.version', 'model', 'originator', 'outcome', 'session_source'],
  },
  'codex.mcp.binding_catalog.raw_definition_json_bytes': {
    kind: 'histogram',
    unit: '',
    bounds: 24,
    keys: ['product_sku'],
  },
  'codex.process.start': { kind: 'sum', unit: '', keys: ['originator'] },
  'codex.responses.reasoning_replay': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'model', 'originator', 'report', 'session_source'],
  },
  'codex.rollout.persistence.append': { kind: 'sum', unit: '', keys: ['sample_rate', 'stage'] },
  'codex.rollout.persistence.bytes_removed': {
    kind: 'histogram',
    unit: '',
    bounds: 9,
    keys: ['decision', 'encoding', 'rollout_item_type', 'sample_rate'],
  },
  'codex.rollout.persistence.item_bytes_v2': {
    kind: 'histogram',
    unit: '',
    bounds: 9,
    keys: ['decision', 'encoding', 'rollout_item_type', 'sample_rate', 'stage'],
  },
  'codex.rollout.persistence.turn_bytes_v2': {
    kind: 'histogram',
    unit: '',
    bounds: 9,
    keys: ['encoding', 'outcome', 'sample_rate', 'stage'],
  },
  'codex.rollout.size_bytes': { kind: 'histogram', unit: '', bounds: 15, keys: [] },
  'codex.rollout_compression.materialize': { kind: 'sum', unit: '', keys: ['outcome'] },
  'codex.rollout_compression.read': {
    kind: 'sum',
    unit: '',
    keys: ['error_kind', 'format', 'outcome', 'read_progress', 'reason', 'stage'],
  },
  'codex.rollout_compression.read.io_duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['error_kind', 'format', 'outcome', 'read_progress', 'reason', 'stage'],
  },
  'codex.sandbox_integrity.check': {
    kind: 'sum',
    unit: '',
    keys: [
      'backend',
      'checker',
      'dependency',
      'error_kind',
      'has_deny_globs',
      'multiple_hard_links',
      'multiple_write_roots',
      'outcome',
      'target_resolution_changed',
    ],
  },
  'codex.sandbox_integrity.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['backend', 'has_deny_globs'],
  },
  'codex.sandbox_integrity.preparation_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['backend', 'has_deny_globs', 'outcome'],
  },
  'codex.shell_snapshot': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'model', 'originator', 'session_source', 'success', 'version'],
  },
  'codex.shell_snapshot.command': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'model', 'originator', 'outcome', 'session_source', 'state', 'version'],
  },
  'codex.shell_snapshot.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['app.version', 'model', 'originator', 'session_source', 'success', 'version'],
  },
  'codex.shell_snapshot.wait_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['app.version', 'model', 'originator', 'outcome', 'session_source', 'state', 'version'],
  },
  'codex.skills.catalog.entries': {
    kind: 'histogram',
    unit: '',
    bounds: 11,
    keys: ['app.version', 'model', 'originator', 'session_source', 'stage', 'status'],
  },
  'codex.skills.shadow_selection': {
    kind: 'sum',
    unit: '',
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.skills.shadow_selection.catalog_entries': {
    kind: 'histogram',
    unit: '',
    bounds: 15,
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.skills.shadow_selection.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.skills.shadow_selection.query_terms': {
    kind: 'histogram',
    unit: '',
    bounds: 15,
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.skills.shadow_selection.reduction_bps': {
    kind: 'histogram',
    unit: '',
    bounds: 15,
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.skills.shadow_selection.selected_entries': {
    kind: 'histogram',
    unit: '',
    bounds: 15,
    keys: ['candidate_set_truncated', 'method', 'query_script', 'query_truncated', 'status'],
  },
  'codex.sqlite.init.count': {
    kind: 'sum',
    unit: '',
    keys: ['db', 'error', 'originator', 'phase', 'status'],
  },
  'codex.sqlite.init.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['db', 'error', 'originator', 'phase', 'status'],
  },
  'codex.startup.phase.duration_ms': {
    kind: 'histogram',
    unit: 'ms',
    bounds: 34,
    keys: ['app.version', 'model', 'originator', 'phase', 'session_source', 'status'],
  },
  'codex.thread.skills.description_truncated_chars': {
    kind: 'histogram',
    unit: '',
    bounds: 511,
    keys: ['app.version', 'catalog_surface', 'model', 'originator', 'session_source'],
  },
  'codex.thread.skills.enabled_total': {
    kind: 'histogram',
    unit: '',
    bounds: 513,
    keys: ['app.version', 'catalog_surface', 'model', 'originator', 'session_source'],
  },
  'codex.thread.skills.kept_total': {
    kind: 'histogram',
    unit: '',
    bounds: 513,
    keys: ['app.version', 'catalog_surface', 'model', 'originator', 'session_source'],
  },
  'codex.thread.skills.truncated': {
    kind: 'histogram',
    unit: '',
    bounds: 2,
    keys: ['app.version', 'catalog_surface', 'model', 'originator', 'session_source'],
  },
  'codex.thread_history.sqlite_projection': { kind: 'sum', unit: '', keys: ['outcome'] },
  'codex.tool.unified_exec': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'model', 'originator', 'session_source', 'tty'],
  },
  'codex.tools.registered': {
    kind: 'histogram',
    unit: '',
    bounds: 20,
    keys: [
      'app.version',
      'exposure',
      'incremental_tools',
      'model',
      'originator',
      'session_source',
      'tool_mode',
    ],
  },
  'codex.turn.memory': {
    kind: 'sum',
    unit: '',
    keys: [
      'app.version',
      'config_use_memories',
      'feature_enabled',
      'has_citations',
      'model',
      'originator',
      'read_allowed',
      'session_source',
    ],
  },
  'codex.turn.network_proxy': {
    kind: 'sum',
    unit: '',
    keys: ['active', 'app.version', 'model', 'originator', 'session_source', 'tmp_mem_enabled'],
  },
  'codex.turn.tool.call': {
    kind: 'histogram',
    unit: '',
    bounds: 15,
    keys: ['app.version', 'model', 'originator', 'session_source', 'tmp_mem_enabled'],
  },
  'codex.turn.unified_exec.running_processes': {
    kind: 'sum',
    unit: '',
    keys: ['app.version', 'model', 'originator', 'session_source'],
  },
};
