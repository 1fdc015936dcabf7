/**
 * Codex 0.171.0's runtime instruments beyond the documented ones (telemetry.md lists the turn/tool/API metrics):
 * process start-up, auth storage, SQLite, skills, tool registry, sandbox checks, rollout persistence. Names,
 * units, descriptions, kinds and bounds as captured from the real client (`codex exec` offline, OTLP protobuf).
 * All sums are monotonic asInt; histograms carry double observations; every attribute value is a string.
 */
import { MS_BOUNDS, TOKEN_BOUNDS, type CodexInstrument } from './catalog.js';
import { DESCRIPTION_TRUNCATED_CHARS_BOUNDS } from './skills-histogram-bounds.js';

const MS = 'Duration in milliseconds.';
const sum = (name: string): CodexInstrument => ({ name, unit: '', description: '', kind: 'sum' });
const ms = (name: string): CodexInstrument => ({
  name,
  unit: 'ms',
  description: MS,
  kind: 'histogram',
  bounds: MS_BOUNDS,
});
const histogram = (name: string, bounds: readonly number[]): CodexInstrument => ({
  name,
  unit: '',
  description: '',
  kind: 'histogram',
  bounds,
});

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const SKILL_COUNT_BOUNDS: readonly number[] = Object.freeze(range(0, 512));
const BYTES_BOUNDS: readonly number[] = Object.freeze([
  1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
]);
const MCP_JSON_BOUNDS: readonly number[] = Object.freeze([
  65536, 131072, 262144, 524288, 786432, 1048576, 1572864, 2097152, 3145728, 4194304, 6291456, 8388608,
  12582912, 16777216, 25165824, 33554432, 50331648, 67108864, 100663296, 134217728, 201326592, 268435456,
  402653184, 536870912,
]);

export const RUNTIME_METRICS = {
  processStart: sum('codex.process.start'),
  authStorageOperation: sum('codex.auth_storage.operation'),
  authStorageDuration: ms('codex.auth_storage.duration'),
  sqliteInitCount: sum('codex.sqlite.init.count'),
  sqliteInitDuration: ms('codex.sqlite.init.duration_ms'),
  dbBackfill: sum('codex.db.backfill'),
  dbBackfillDuration: ms('codex.db.backfill.duration_ms'),
  cloudConfigLoad: sum('codex.cloud_config_bundle.load'),
  cloudConfigFetchDuration: ms('codex.cloud_config_bundle.fetch.duration_ms'),
  authSelection: sum('codex.auth.selection'),
  authSelectionDuration: ms('codex.auth.selection.duration'),
  featureState: sum('codex.feature.state'),
  startupPhaseDuration: ms('codex.startup.phase.duration_ms'),
  rolloutMaterialize: sum('codex.rollout_compression.materialize'),
  rolloutRead: sum('codex.rollout_compression.read'),
  rolloutReadIo: ms('codex.rollout_compression.read.io_duration_ms'),
  shellSnapshot: sum('codex.shell_snapshot'),
  shellSnapshotDuration: ms('codex.shell_snapshot.duration_ms'),
  shellSnapshotCommand: sum('codex.shell_snapshot.command'),
  shellSnapshotWait: ms('codex.shell_snapshot.wait_ms'),
  threadHistoryProjection: sum('codex.thread_history.sqlite_projection'),
  mcpRawDefinitionBytes: histogram('codex.mcp.binding_catalog.raw_definition_json_bytes', MCP_JSON_BOUNDS),
  skillsCatalogEntries: histogram(
    'codex.skills.catalog.entries',
    [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
  ),
  threadSkillsEnabled: histogram('codex.thread.skills.enabled_total', SKILL_COUNT_BOUNDS),
  threadSkillsKept: histogram('codex.thread.skills.kept_total', SKILL_COUNT_BOUNDS),
  threadSkillsTruncated: histogram('codex.thread.skills.truncated', [0, 1]),
  threadSkillsDescriptionTruncated: histogram(
    'codex.thread.skills.description_truncated_chars',
    DESCRIPTION_TRUNCATED_CHARS_BOUNDS,
  ),
  shadowSelection: sum('codex.skills.shadow_selection'),
  shadowSelectionDuration: ms('codex.skills.shadow_selection.duration_ms'),
  shadowSelectionCatalogEntries: histogram('codex.skills.shadow_selection.catalog_entries', TOKEN_BOUNDS),
  shadowSelectionSelectedEntries: histogram('codex.skills.shadow_selection.selected_entries', TOKEN_BOUNDS),
  shadowSelectionQueryTerms: histogram('codex.skills.shadow_selection.query_terms', TOKEN_BOUNDS),
  shadowSelectionReductionBps: histogram('codex.skills.shadow_selection.reduction_bps', TOKEN_BOUNDS),
  toolsRegistered: histogram(
    'codex.tools.registered',
    [0, 1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000, 20000],
  ),
  reasoningReplay: sum('codex.responses.reasoning_replay'),
  turnNetworkProxy: sum('codex.turn.network_proxy'),
  turnToolCall: histogram('codex.turn.tool.call', TOKEN_BOUNDS),
  turnMemory: sum('codex.turn.memory'),
  turnRunningProcesses: sum('codex.turn.unified_exec.running_processes'),
  guardianBlocking: ms('codex.guardian.turn.blocking_ms'),
  rolloutSizeBytes: histogram('codex.rollout.size_bytes', TOKEN_BOUNDS),
  toolUnifiedExec: sum('codex.tool.unified_exec'),
  sandboxPreparation: ms('codex.sandbox_integrity.preparation_ms'),
  sandboxCheck: sum('codex.sandbox_integrity.check'),
  sandboxDuration: ms('codex.sandbox_integrity.duration_ms'),
  persistenceAppend: sum('codex.rollout.persistence.append'),
  persistenceItemBytes: histogram('codex.rollout.persistence.item_bytes_v2', BYTES_BOUNDS),
  persistenceBytesRemoved: histogram('codex.rollout.persistence.bytes_removed', BYTES_BOUNDS),
  persistenceTurnBytes: histogram('codex.rollout.persistence.turn_bytes_v2', BYTES_BOUNDS),
} as const satisfies Record<string, CodexInstrument>;

/** codex.sqlite.init.*: one sample per database and phase at start-up. */
export const SQLITE_INIT_PHASES: ReadonlyArray<readonly [db: string, phase: string, typicalMs: number]> = [
  ['state', 'open_state', 35],
  ['state', 'migrate_state', 50],
  ['state', 'ensure_backfill_state', 20],
  ['state', 'backfill_gate', 8],
  ['state', 'post_init_query', 2],
  ['logs', 'open_logs', 5],
  ['logs', 'migrate_logs', 5],
  ['thread_history', 'open_thread_history', 15],
  ['thread_history', 'migrate_thread_history', 10],
  ['memories', 'open_memories', 30],
  ['memories', 'migrate_memories', 2],
  ['goals', 'open_goals', 40],
  ['goals', 'migrate_goals', 2],
  ['queue', 'open_queue', 10],
  ['queue', 'migrate_queue', 4],
];

/** codex.skills.shadow_selection.*: every ranking method is scored on each user prompt. */
export const SHADOW_SELECTION_METHODS: readonly string[] = [
  'lru_v1',
  'lru_plus_lexical_v1',
  'lru_plus_character_routing_v1',
  'lru_plus_lexical_character_routing_v1',
  'weighted_lexical_v1',
  'multi_query_lexical_v1',
  'fielded_bm25_v1',
  'character_ngram_v1',
  'rrf_lexical_char_v1',
  'routing_card_exact_v1',
  'character_routing_card_v1',
  'task_context_fusion_v1',
];

/** codex.tools.registered exposure buckets, one sample each per model request. */
export const TOOL_EXPOSURES: readonly string[] = [
  'direct',
  'direct_model_only',
  'deferred',
  'deferred_model_only',
  'code_mode_only',
  'hidden',
];

export const FEATURES: readonly string[] = ['plugins', 'apps', 'remote_plugin'];
export const SKILL_SURFACES: readonly string[] = ['host_world_state', 'thread_context'];
export const SANDBOX_DEPENDENCIES: readonly string[] = [
  'sandbox_launcher',
  'codex',
  'bundled_bwrap_candidate',
];
/**
 * Per-item sampling rate of rollout persistence stats (the real attribute says sample_rate=0.01); a process
 * reports them when any of its ~record-count items was sampled (observed: 2 of ~10 short `codex exec` runs).
 */
export const PERSISTENCE_SAMPLE_RATE = 0.01;
export const PERSISTENCE_ITEM_TYPES: ReadonlyArray<readonly [type: string, decision: string, bytes: number]> =
  [
    ['turn_context', 'kept', 700],
    ['event.item_completed.user_message', 'kept', 350],
    ['response.reasoning', 'kept', 340],
    ['token_usage_record', 'kept', 760],
    ['response.function_call', 'kept', 430],
    ['event.raw_response_item', 'dropped', 820],
    ['event.raw_response_completed', 'dropped', 450],
    ['event.agent_message', 'dropped', 110],
    ['event.session_configured', 'dropped', 660],
  ];
