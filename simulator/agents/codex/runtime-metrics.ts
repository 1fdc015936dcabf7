/**
 * When Codex 0.171.0 records its runtime instruments (runtime-catalog.ts), as observed in `codex exec` captures:
 * once per process start-up, per user prompt, per successful model request, per executed command, per turn, and
 * (sampled) at exit. Values are plausible, not measured; attribute sets are the real ones.
 */
import type { MetricIncrement } from '../agent-model.js';
import type { Prng } from '../shared/prng.js';
import type { CodexInstrument } from './catalog.js';
import {
  FEATURES,
  PERSISTENCE_ITEM_TYPES,
  RUNTIME_METRICS as M,
  SANDBOX_DEPENDENCIES,
  SHADOW_SELECTION_METHODS,
  SKILL_SURFACES,
  SQLITE_INIT_PHASES,
  TOOL_EXPOSURES,
} from './runtime-catalog.js';
import type { PlannedCodexTool } from './tools.js';

/** The session's cached increment builder; `common` = false for process-level instruments (own keys only). */
export type Increment = (
  instrument: CodexInstrument,
  key: string,
  own: () => readonly [string, string][],
  value: number,
  common?: boolean,
) => MetricIncrement;

type Own = readonly [string, string][];

function bare(inc: Increment, instrument: CodexInstrument, own: Own, value: number): MetricIncrement {
  return inc(instrument, own.map(([, v]) => v).join('|'), () => own, value, false);
}

function scoped(inc: Increment, instrument: CodexInstrument, own: Own, value: number): MetricIncrement {
  return inc(instrument, own.map(([, v]) => v).join('|'), () => own, value, true);
}

function repeat(out: MetricIncrement[], times: number, make: () => MetricIncrement): void {
  for (let i = 0; i < times; i++) out.push(make());
}

/** Process start-up: auth storage, SQLite, backfill, cloud config, features, skills catalog, shell snapshot. */
export function startupMetrics(
  inc: Increment,
  prng: Prng,
  originator: string,
  hasMcpServers: boolean,
): MetricIncrement[] {
  const out: MetricIncrement[] = [bare(inc, M.processStart, [['originator', originator]], 1)];
  for (const store of ['file', 'ephemeral']) {
    const own: Own = [
      ['actual_store', store],
      ['credential_kind', 'codex'],
      ['fallback_reason', 'none'],
      ['operation', 'load'],
      ['originator', 'none'],
      ['outcome', 'not_found'],
      ['secure_error', 'none'],
      ['secure_outcome', 'not_attempted'],
      ['selected_store', 'direct_keyring'],
      ['storage_phase', 'policy'],
      ['store_mode', store],
    ];
    out.push(bare(inc, M.authStorageOperation, own, 4));
    repeat(out, 4, () => bare(inc, M.authStorageDuration, own, prng.int(0, 1)));
  }
  for (const [db, phase, typicalMs] of SQLITE_INIT_PHASES) {
    const own: Own = [
      ['db', db],
      ['error', 'none'],
      ['originator', originator],
      ['phase', phase],
      ['status', 'success'],
    ];
    out.push(bare(inc, M.sqliteInitCount, own, 1));
    out.push(bare(inc, M.sqliteInitDuration, own, prng.lognormalInt(typicalMs, 0.6, 0, 10_000)));
  }
  out.push(bare(inc, M.dbBackfill, [['status', 'failed']], 0));
  out.push(bare(inc, M.dbBackfill, [['status', 'upserted']], 0));
  out.push(bare(inc, M.dbBackfillDuration, [['status', 'success']], prng.lognormalInt(4, 0.5, 0, 5_000)));
  out.push(bare(inc, M.dbBackfillDuration, [], prng.lognormalInt(5, 0.5, 0, 5_000)));
  out.push(
    bare(
      inc,
      M.cloudConfigLoad,
      [
        ['bundle_shape', 'none'],
        ['outcome', 'success'],
        ['trigger', 'startup'],
      ],
      2,
    ),
  );
  repeat(out, 2, () => bare(inc, M.cloudConfigFetchDuration, [], 0));
  const clientRequest: Own = [
    ['mode', 'ordinary'],
    ['operation', 'client_request'],
    ['outcome', 'success'],
  ];
  out.push(
    bare(inc, M.authSelection, clientRequest, 1),
    bare(inc, M.authSelectionDuration, clientRequest, 0),
  );
  out.push(bare(inc, M.authSelection, MODEL_SELECTION, 2));
  repeat(out, 2, () => bare(inc, M.authSelectionDuration, MODEL_SELECTION, 0));
  for (const feature of FEATURES)
    out.push(
      scoped(
        inc,
        M.featureState,
        [
          ['feature', feature],
          ['value', String(feature === 'plugins')],
        ],
        1,
      ),
    );
  out.push(
    bare(
      inc,
      M.mcpRawDefinitionBytes,
      [['product_sku', 'codex']],
      hasMcpServers ? prng.lognormalInt(9_000, 0.8, 200, 2_000_000) : 0,
    ),
  );
  const skills = prng.chance(0.6) ? prng.int(1, 40) : 0;
  out.push(
    scoped(
      inc,
      M.skillsCatalogEntries,
      [
        ['stage', 'executor'],
        ['status', 'complete'],
      ],
      skills,
    ),
  );
  for (const surface of SKILL_SURFACES) {
    const own: Own = [['catalog_surface', surface]];
    const enabled = surface === 'host_world_state' ? skills + 4 : skills;
    out.push(scoped(inc, M.threadSkillsEnabled, own, enabled));
    out.push(scoped(inc, M.threadSkillsKept, own, enabled));
    out.push(scoped(inc, M.threadSkillsTruncated, own, 0));
    out.push(scoped(inc, M.threadSkillsDescriptionTruncated, own, 0));
  }
  out.push(bare(inc, M.rolloutMaterialize, [['outcome', 'missing']], 1));
  const snapshotMs = prng.lognormalInt(45, 0.6, 5, 20_000);
  const snapshot: Own = [
    ['success', 'true'],
    ['version', 'v1'],
  ];
  out.push(scoped(inc, M.shellSnapshot, snapshot, 1));
  out.push(scoped(inc, M.shellSnapshotDuration, snapshot, snapshotMs));
  out.push(scoped(inc, M.shellSnapshotDuration, [['version', 'v1']], snapshotMs));
  return out;
}

const MODEL_SELECTION: Own = [
  ['mode', 'ordinary'],
  ['operation', 'model'],
  ['outcome', 'success'],
];

export function startupPhaseMetrics(inc: Increment, phase: string, durationMs: number): MetricIncrement[] {
  return [
    scoped(
      inc,
      M.startupPhaseDuration,
      [
        ['phase', phase],
        ['status', 'ready'],
      ],
      durationMs,
    ),
  ];
}

/** Every user prompt scores each skill-selection method (shadow mode) against the skills catalog. */
export function promptMetrics(inc: Increment, prng: Prng, prompt: string): MetricIncrement[] {
  const terms = Math.max(1, prompt.split(/\s+/).filter((w) => w.length > 2).length);
  const catalog = prng.int(2, 40);
  const matched = prng.chance(0.35);
  const out: MetricIncrement[] = [];
  for (const method of SHADOW_SELECTION_METHODS) {
    const own: Own = [
      ['candidate_set_truncated', 'false'],
      ['method', method],
      ['query_script', 'ascii_latin'],
      ['query_truncated', 'false'],
      ['status', matched ? 'selected' : 'no_matches'],
    ];
    const selected = matched ? prng.int(1, Math.min(5, catalog)) : 0;
    out.push(
      bare(inc, M.shadowSelection, own, 1),
      bare(inc, M.shadowSelectionDuration, own, prng.lognormalInt(1, 1, 0, 500)),
      bare(inc, M.shadowSelectionCatalogEntries, own, catalog),
      bare(inc, M.shadowSelectionSelectedEntries, own, selected),
      bare(inc, M.shadowSelectionQueryTerms, own, terms),
      bare(inc, M.shadowSelectionReductionBps, own, Math.round(10_000 * (1 - selected / catalog))),
    );
  }
  return out;
}

const REGISTERED_TOOLS: Readonly<Record<string, number>> = { direct: 11, direct_model_only: 1 };

/** Each successful model request registers the tool set again and selects the model's auth. */
export function okRequestMetrics(inc: Increment): MetricIncrement[] {
  const out: MetricIncrement[] = TOOL_EXPOSURES.map((exposure) =>
    scoped(
      inc,
      M.toolsRegistered,
      [
        ['exposure', exposure],
        ['incremental_tools', 'false'],
        ['tool_mode', 'direct'],
      ],
      REGISTERED_TOOLS[exposure] ?? 0,
    ),
  );
  out.push(
    bare(inc, M.authSelection, MODEL_SELECTION, 1),
    bare(inc, M.authSelectionDuration, MODEL_SELECTION, 0),
  );
  return out;
}

/** An executed command: unified exec, the shell snapshot it reuses, and (sandboxed) the sandbox checks. */
export function toolCallMetrics(
  inc: Increment,
  prng: Prng,
  tool: PlannedCodexTool,
  sandboxBackend: string | undefined,
): MetricIncrement[] {
  const out: MetricIncrement[] = [];
  if (tool.toolName === 'exec_command') {
    const snapshot: Own = [
      ['outcome', 'used'],
      ['state', 'prewarm_ready'],
      ['version', 'v1'],
    ];
    out.push(
      scoped(inc, M.toolUnifiedExec, [['tty', 'false']], 1),
      scoped(inc, M.shellSnapshotCommand, snapshot, 1),
      scoped(inc, M.shellSnapshotWait, snapshot, 0),
    );
  }
  if (tool.sandboxed && sandboxBackend) {
    out.push(
      bare(
        inc,
        M.sandboxPreparation,
        [
          ['backend', sandboxBackend],
          ['has_deny_globs', 'false'],
          ['outcome', 'ok'],
        ],
        prng.int(0, 2),
      ),
    );
    for (const dependency of SANDBOX_DEPENDENCIES)
      out.push(
        bare(
          inc,
          M.sandboxCheck,
          [
            ['backend', sandboxBackend],
            ['checker', 'contents'],
            ['dependency', dependency],
            ['error_kind', 'none'],
            ['has_deny_globs', 'false'],
            ['multiple_hard_links', 'false'],
            ['multiple_write_roots', 'false'],
            ['outcome', 'clean'],
            ['target_resolution_changed', 'false'],
          ],
          1,
        ),
      );
    out.push(
      bare(
        inc,
        M.sandboxDuration,
        [
          ['backend', sandboxBackend],
          ['has_deny_globs', 'false'],
        ],
        prng.lognormalInt(3, 0.6, 0, 1_000),
      ),
    );
  }
  return out;
}

/** At the end of each turn: replay/proxy/memory flags, tool calls in the turn, rollout size and reads. */
export function turnEndMetrics(
  inc: Increment,
  prng: Prng,
  toolCalls: number,
  rolloutBytes: number,
): MetricIncrement[] {
  const reads = prng.int(1, 40);
  const readOwn: Own = [
    ['error_kind', 'none'],
    ['format', 'plain'],
    ['outcome', 'partial'],
    ['read_progress', 'none'],
    ['reason', 'none'],
    ['stage', 'none'],
  ];
  return [
    scoped(inc, M.reasoningReplay, [['report', 'unavailable']], 1),
    scoped(
      inc,
      M.turnNetworkProxy,
      [
        ['active', 'false'],
        ['tmp_mem_enabled', 'false'],
      ],
      1,
    ),
    scoped(inc, M.turnToolCall, [['tmp_mem_enabled', 'false']], toolCalls),
    scoped(
      inc,
      M.turnMemory,
      [
        ['config_use_memories', 'true'],
        ['feature_enabled', 'false'],
        ['has_citations', 'false'],
        ['read_allowed', 'false'],
      ],
      1,
    ),
    scoped(inc, M.turnRunningProcesses, [], 0),
    scoped(inc, M.guardianBlocking, [['outcome', 'completed']], 0),
    bare(inc, M.rolloutSizeBytes, [], rolloutBytes),
    bare(inc, M.threadHistoryProjection, [['outcome', 'success']], prng.int(15, 30)),
    bare(inc, M.rolloutRead, readOwn, reads),
    bare(inc, M.rolloutReadIo, readOwn, prng.int(0, 5)),
  ];
}

/** Rollout persistence statistics, sent at exit by processes with a sampled item (sample_rate=0.01). */
export function persistenceMetrics(inc: Increment, prng: Prng, rolloutBytes: number): MetricIncrement[] {
  const rate: [string, string] = ['sample_rate', '0.01'];
  const encoding: [string, string] = ['encoding', 'rollout_item_json_v1'];
  const items = prng.int(20, 60);
  const out: MetricIncrement[] = [
    bare(inc, M.persistenceAppend, [rate, ['stage', 'pre_filter']], items),
    bare(inc, M.persistenceAppend, [rate, ['stage', 'post_filter']], Math.ceil(items / 2)),
  ];
  for (const [type, decision, bytes] of PERSISTENCE_ITEM_TYPES) {
    const size = prng.lognormalInt(bytes, 0.3, 50, 1_000_000);
    out.push(
      bare(
        inc,
        M.persistenceItemBytes,
        [['decision', decision], encoding, ['rollout_item_type', type], rate, ['stage', 'before_projection']],
        size,
      ),
    );
    if (decision === 'dropped')
      out.push(
        bare(
          inc,
          M.persistenceBytesRemoved,
          [['decision', decision], encoding, ['rollout_item_type', type], rate],
          size,
        ),
      );
  }
  const turnBytes = Math.max(1_000, rolloutBytes);
  out.push(
    bare(
      inc,
      M.persistenceTurnBytes,
      [encoding, ['outcome', 'completed'], rate, ['stage', 'before_projection']],
      turnBytes,
    ),
    bare(
      inc,
      M.persistenceTurnBytes,
      [encoding, ['outcome', 'completed'], rate, ['stage', 'after_projection']],
      Math.round(turnBytes * 0.65),
    ),
  );
  return out;
}
