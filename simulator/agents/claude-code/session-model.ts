/**
 * One Claude Code session (one CLI run) as a queue of planned steps: startup events, then per prompt the real
 * order user_prompt → [early tool_decision… → api_request → tool_decision… → tool_result…]* → api_request →
 * assistant_response, or the failure path api_error → api_retries_exhausted. Only the final response of a prompt
 * logs assistant_response (observed: none for a response that only asked for a tool). "Early" decisions are
 * config-allowed streaming-safe tools (see STREAMING_SAFE_TOOLS). Plans are drawn from the PRNG when
 * a prompt starts; values are stamped with the time the engine passes in.
 */
import type {
  MetricIncrement,
  MetricsInclude,
  SimAttributes,
  SimEvent,
  SimResource,
  SimValue,
} from '../agent-model.js';
import { randomBase62, uuidV4 } from '../shared/ids.js';
import { isoTimestamp } from '../shared/timestamps.js';
import { anthropicCostUsd, costMicros } from '../shared/prices.js';
import type { Prng } from '../shared/prng.js';
import type { TextPools } from '../shared/text-pools.js';
import type { WeightedChoice } from '../shared/weighted-choice.js';
import {
  CODE_EDIT_TOOLS,
  CONST,
  EVENTS,
  LOGS_SCOPE,
  MAX_RETRIES,
  METRICS,
  claudeIncrement,
  managedSettingsAttributes,
  modelTakesEffort,
  qualified,
  type ClaudeEvent,
  type MetricInstrument,
  BUILTIN_PLUGINS,
  CLAUDE_CODE_VERSION,
  STREAMING_SAFE_TOOLS,
} from './catalog.js';
import { planToolCall, type PlannedToolCall } from './tools.js';

type Attr = readonly [string, SimValue];
type Step = (nowMs: number) => SimEvent;
/** tool_parameters of a tool with nothing to report (the key is then left out). */
const NO_PARAMETERS = '{}';

/** A simulated person: stable identity across their sessions. */
export interface ClaudeUser {
  readonly index: number;
  readonly userId: string;
  /** OAuth identity attributes (organization.id, user.email, user.account_uuid, user.account_id), in order. */
  readonly identity: SimAttributes;
  readonly terminalType: string;
  readonly customBaseUrl: boolean;
  readonly teamId: string | undefined;
  readonly resource: SimResource;
  readonly cwd: string;
}

/** Everything sessions share: the profile's choices, pools and the one PRNG. */
export interface ClaudeSessionContext {
  readonly prng: Prng;
  readonly pools: TextPools;
  readonly models: WeightedChoice<string>;
  readonly tools: WeightedChoice<string>;
  readonly startTypes: WeightedChoice<string>;
  readonly acceptSources: WeightedChoice<string>;
  readonly rejectSources: WeightedChoice<string>;
  readonly apiFailures: WeightedChoice<{ status: number; error: string }>;
  readonly promptsPerSession: readonly [number, number];
  readonly apiErrorRate: number;
  readonly toolRejectRate: number;
  readonly toolFailureRate: number;
  readonly logPrompts: boolean;
  readonly metricsInclude: MetricsInclude;
}

const NO_METRICS: readonly MetricIncrement[] = Object.freeze([]);
const EVENT_NAME_ATTR = new Map<ClaudeEvent, Attr>(
  Object.values(EVENTS).map((e) => [e, ['event.name', { s: e }] as const]),
);
const QUALIFIED = new Map<ClaudeEvent, string>(Object.values(EVENTS).map((e) => [e, qualified(e)]));

/** Output speed in ms per token, by model family (drives duration_ms). */
function msPerOutputToken(model: string): number {
  if (model.includes('haiku')) return 6;
  if (model.includes('opus')) return 22;
  return 14;
}

interface ApiCallPlan {
  readonly requestId: string;
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheCreation: number;
  readonly ttftMs: number;
  readonly durationMs: number;
}

/** Data-point attributes from the event prefix: session.id and user.account_uuid may be left off, app.version added. */
function metricPrefix(prefix: SimAttributes, include: MetricsInclude): SimAttributes {
  const out: Attr[] = [];
  for (const attribute of prefix) {
    const key = attribute[0];
    if (key === 'session.id' && !include.sessionId) continue;
    if (key === 'user.account_uuid' && !include.accountUuid) continue;
    out.push(attribute);
    if (include.version && key === (include.sessionId ? 'session.id' : 'user.id'))
      out.push(['app.version', { s: CLAUDE_CODE_VERSION }]);
  }
  return out;
}

export class ClaudeSession {
  readonly sessionId: string;
  private readonly prefix: SimAttributes;
  private readonly steps: Step[] = [];
  private head = 0;
  private sequence = 0;
  private promptIdAttr: Attr | undefined;
  private promptsLeft: number;
  private contextTokens: number;
  private firstRequest = true;
  private readonly model: string;
  private readonly querySource: SimValue;
  private readonly effort: SimValue | undefined;
  private readonly cacheTtl1h: boolean;
  private readonly metricAttrCache = new Map<string, SimAttributes>();
  /** The common attributes Claude copies onto data points (the event prefix, per OTEL_METRICS_INCLUDE_*). */
  private readonly metricPrefix: SimAttributes;
  readonly owner: object;
  /** The owner named on this session's increments; none when session.id is left off the data points. */
  private readonly seriesOwner: object | undefined;

  constructor(
    private readonly ctx: ClaudeSessionContext,
    private readonly user: ClaudeUser,
  ) {
    const prng = ctx.prng;
    this.sessionId = uuidV4(prng);
    const prefix: Attr[] = [
      ['user.id', { s: user.userId }],
      ['session.id', { s: this.sessionId }],
      ...user.identity,
      ['anthropic.provider', CONST.provider],
      ['anthropic.custom_base_url', { b: user.customBaseUrl }],
      ['terminal.type', { s: user.terminalType }],
    ];
    if (user.teamId !== undefined) prefix.push(['team.id', { s: user.teamId }]);
    this.prefix = prefix;
    this.metricPrefix = metricPrefix(prefix, ctx.metricsInclude);
    this.owner = Object.freeze({ sessionId: this.sessionId });
    this.seriesOwner = ctx.metricsInclude.sessionId ? this.owner : undefined;
    this.model = ctx.models.pick(prng);
    // `claude -p` (headless/SDK) runs report query_source "sdk"; interactive ones "main".
    this.querySource = { s: user.terminalType === 'dumb' || prng.chance(0.1) ? 'sdk' : 'main' };
    this.effort = modelTakesEffort(this.model) ? { s: prng.chance(0.7) ? 'medium' : 'high' } : undefined;
    this.cacheTtl1h = prng.chance(0.4);
    const [minPrompts, maxPrompts] = ctx.promptsPerSession;
    this.promptsLeft = prng.int(minPrompts, maxPrompts);
    this.contextTokens = prng.lognormalInt(16_000, 0.25, 6_000, 60_000);
    this.planStartup();
  }

  get done(): boolean {
    return this.head >= this.steps.length && this.promptsLeft <= 0;
  }

  next(nowMs: number): SimEvent {
    if (this.head >= this.steps.length) {
      this.steps.length = 0;
      this.head = 0;
      if (this.promptsLeft <= 0) throw new Error('ClaudeSession.next called after the session ended');
      this.promptsLeft--;
      this.planPrompt();
    }
    const step = this.steps[this.head++] as Step;
    return step(nowMs);
  }

  // ---- building records -------------------------------------------------------------------------------------

  private emit(
    event: ClaudeEvent,
    nowMs: number,
    specific: readonly Attr[],
    metrics: readonly MetricIncrement[],
  ): SimEvent {
    const attributes: Attr[] = this.prefix.slice();
    attributes.push(
      EVENT_NAME_ATTR.get(event) as Attr,
      ['event.timestamp', { s: isoTimestamp(nowMs) }],
      ['event.sequence', { i: this.sequence++ }],
    );
    if (this.promptIdAttr) attributes.push(this.promptIdAttr);
    for (const attribute of specific) attributes.push(attribute);
    const name = QUALIFIED.get(event) as string;
    return {
      record: {
        agent: 'claude_code',
        eventName: name,
        resource: this.user.resource,
        scope: LOGS_SCOPE,
        timeUnixMs: nowMs,
        observedTimeUnixMs: nowMs,
        body: name,
        attributes,
      },
      metrics,
    };
  }

  /** Data-point attributes: the common ones Claude copies onto every point, then the instrument's own; cached per key. */
  private metricAttributes(key: string, own: () => readonly Attr[]): SimAttributes {
    let cached = this.metricAttrCache.get(key);
    if (!cached) {
      cached = [...this.metricPrefix, ...own()];
      this.metricAttrCache.set(key, cached);
    }
    return cached;
  }

  private increment(
    instrument: MetricInstrument,
    key: string,
    own: () => readonly Attr[],
    value: number,
  ): MetricIncrement {
    return claudeIncrement(
      instrument,
      this.user.resource,
      this.metricAttributes(key, own),
      value,
      this.seriesOwner,
    );
  }

  private modelAttrs(): Attr[] {
    const attrs: Attr[] = [
      ['model', { s: this.model }],
      ['query_source', this.querySource],
    ];
    if (this.effort) attrs.push(['effort', this.effort]);
    return attrs;
  }

  // ---- planning ---------------------------------------------------------------------------------------------

  private planStartup(): void {
    const prng = this.ctx.prng;
    const startType = this.ctx.startTypes.pick(prng);
    const sources = prng.chance(0.15) ? ['policySettings'] : [];
    this.steps.push((now) =>
      this.emit(EVENTS.managedSettingsResolved, now, managedSettingsAttributes(sources), [
        this.increment(
          METRICS.sessionCount,
          `session|${startType}`,
          () => [['start_type', { s: startType }]],
          1,
        ),
      ]),
    );
    for (const plugin of BUILTIN_PLUGINS) {
      this.steps.push((now) => this.emit(EVENTS.pluginLoaded, now, plugin, NO_METRICS));
    }
  }

  private planApiCall(final: boolean): ApiCallPlan {
    const prng = this.ctx.prng;
    const input = prng.lognormalInt(8, 1.4, 1, 40_000);
    const output = prng.lognormalInt(final ? 320 : 140, 1.0, 1, 32_000);
    let cacheRead: number;
    let cacheCreation: number;
    if (this.firstRequest) {
      this.firstRequest = false;
      cacheRead = prng.chance(0.5) ? prng.lognormalInt(12_000, 0.2, 2_000, 40_000) : 0;
      cacheCreation = Math.max(0, this.contextTokens - cacheRead);
    } else {
      cacheRead = this.contextTokens;
      cacheCreation = prng.lognormalInt(700, 1.2, 0, 120_000);
    }
    this.contextTokens += cacheCreation + output;
    if (this.contextTokens > 170_000) this.contextTokens = prng.lognormalInt(30_000, 0.2, 15_000, 60_000);
    const ttftMs = prng.lognormalInt(1400, 0.5, 150, 60_000);
    const durationMs = ttftMs + Math.round(output * msPerOutputToken(this.model) * (0.7 + 0.6 * prng.next()));
    return {
      requestId: `req_011C${randomBase62(prng, 20)}`,
      input,
      output,
      cacheRead,
      cacheCreation,
      ttftMs,
      durationMs,
    };
  }

  private planPrompt(): void {
    const ctx = this.ctx;
    const prng = ctx.prng;
    const promptIdAttr: Attr = ['prompt.id', { s: uuidV4(prng) }];
    const text = prng.pick(ctx.pools.prompts);
    const promptValue: SimValue = ctx.logPrompts ? { s: text } : CONST.redacted;
    const userSeconds = Math.round(prng.lognormal(9, 0.9) * 1000) / 1000;
    const userPromptAttrs: Attr[] = [
      ['prompt_length', { s: String(text.length) }],
      ['prompt', promptValue],
      ['prompt_text', promptValue],
      ['message.uuid', { s: uuidV4(prng) }],
    ];
    this.steps.push((now) => {
      this.promptIdAttr = promptIdAttr;
      return this.emit(EVENTS.userPrompt, now, userPromptAttrs, [
        this.increment(METRICS.activeTime, 'active|user', () => [['type', { s: 'user' }]], userSeconds),
      ]);
    });

    const toolRounds = prng.geometric(0.62, 14);
    for (let round = 0; round <= toolRounds; round++) {
      const final = round === toolRounds;
      if (prng.chance(ctx.apiErrorRate)) {
        this.planApiFailure();
        return;
      }
      const call = this.planApiCall(final);
      const calls: PlannedToolCall[] = [];
      const decisions: { accept: boolean; source: string }[] = [];
      const lateDecisions: Step[] = [];
      if (!final) {
        const parallel = prng.chance(0.12) ? prng.int(2, 3) : 1;
        for (let i = 0; i < parallel; i++) {
          const tool = planToolCall(prng, ctx.pools, this.user.cwd, ctx.tools.pick(prng));
          const accept = !prng.chance(ctx.toolRejectRate);
          const source = accept ? ctx.acceptSources.pick(prng) : ctx.rejectSources.pick(prng);
          calls.push(tool);
          decisions.push({ accept, source });
          const step: Step = (now) => this.toolDecision(now, tool, accept, source, call.requestId);
          if (accept && source === 'config' && STREAMING_SAFE_TOOLS.has(tool.toolName)) this.steps.push(step);
          else lateDecisions.push(step);
          // Escape at a permission prompt cancels the tools still waiting for a decision.
          if (source === 'user_abort') break;
        }
      }
      this.steps.push((now) => this.apiRequest(now, call));
      if (final) this.steps.push((now) => this.assistantResponse(now, call));
      for (const step of lateDecisions) this.steps.push(step);
      let aborted = false;
      calls.forEach((tool, i) => {
        const decision = decisions[i] as { accept: boolean; source: string };
        if (!decision.accept) {
          if (decision.source === 'user_abort') aborted = true;
          return;
        }
        const success = !prng.chance(ctx.toolFailureRate);
        this.steps.push((now) => this.toolResult(now, tool, success, call.requestId));
      });
      // Escape during a permission prompt interrupts the turn: no further request for this prompt.
      if (aborted) return;
    }
  }

  private planApiFailure(): void {
    const prng = this.ctx.prng;
    const failure = this.ctx.apiFailures.pick(prng);
    const attempts = MAX_RETRIES + 1;
    const lastDurationMs = prng.lognormalInt(failure.status === 429 ? 300 : 2500, 0.6, 20, 120_000);
    // Backoff: 500 ms doubling, capped at 32 s, plus each attempt's own time.
    let totalRetryMs = 0;
    for (let attempt = 1; attempt < attempts; attempt++)
      totalRetryMs += Math.min(500 * 2 ** (attempt - 1), 32_000);
    totalRetryMs += prng.int(attempts * 100, attempts * 2500);
    const requestId = `req_011C${randomBase62(prng, 20)}`;
    const errorValue: SimValue = { s: failure.error };
    const statusValue: SimValue = { i: failure.status };
    const modelTail = (): Attr[] => {
      const attrs: Attr[] = [
        ['speed', CONST.speed],
        ['query_source', this.querySource],
      ];
      if (this.effort) attrs.push(['effort', this.effort]);
      return attrs;
    };
    this.steps.push((now) =>
      this.emit(
        EVENTS.apiError,
        now,
        [
          ['model', { s: this.model }],
          ['error', errorValue],
          ['status_code', statusValue],
          ['duration_ms', { i: lastDurationMs }],
          ['attempt', { i: attempts }],
          ['request_id', { s: requestId }],
          ...modelTail(),
        ],
        NO_METRICS,
      ),
    );
    this.steps.push((now) =>
      this.emit(
        EVENTS.apiRetriesExhausted,
        now,
        [
          ['model', { s: this.model }],
          ['error', errorValue],
          ['status_code', statusValue],
          ['total_attempts', { i: attempts }],
          ['total_retry_duration_ms', { i: totalRetryMs }],
          ...modelTail(),
        ],
        NO_METRICS,
      ),
    );
  }

  // ---- rendering --------------------------------------------------------------------------------------------

  private apiRequest(now: number, call: ApiCallPlan): SimEvent {
    const cost = anthropicCostUsd(this.model, {
      input: call.input,
      output: call.output,
      cacheRead: call.cacheRead,
      cacheCreation: call.cacheCreation,
    });
    const specific: Attr[] = [
      ['model', { s: this.model }],
      ['input_tokens', { i: call.input }],
      ['output_tokens', { i: call.output }],
      ['cache_read_tokens', { i: call.cacheRead }],
      ['cache_creation_tokens', { i: call.cacheCreation }],
      ['cache_creation_5m_tokens', { i: this.cacheTtl1h ? 0 : call.cacheCreation }],
      ['cache_creation_1h_tokens', { i: this.cacheTtl1h ? call.cacheCreation : 0 }],
      ['cost_usd', { d: cost }],
      ['cost_usd_micros', { i: costMicros(cost) }],
      ['duration_ms', { i: call.durationMs }],
      ['ttft_ms', { i: call.ttftMs }],
      ['request_id', { s: call.requestId }],
      ['speed', CONST.speed],
      ['query_source', this.querySource],
    ];
    if (this.effort) specific.push(['effort', this.effort]);
    const metrics: MetricIncrement[] = [
      this.increment(METRICS.costUsage, 'cost', () => this.modelAttrs(), cost),
      this.increment(
        METRICS.tokenUsage,
        'tok|input',
        () => [...this.modelAttrs(), ['type', { s: 'input' }]],
        call.input,
      ),
      this.increment(
        METRICS.tokenUsage,
        'tok|output',
        () => [...this.modelAttrs(), ['type', { s: 'output' }]],
        call.output,
      ),
      this.increment(
        METRICS.tokenUsage,
        'tok|cacheRead',
        () => [...this.modelAttrs(), ['type', { s: 'cacheRead' }]],
        call.cacheRead,
      ),
      this.increment(
        METRICS.tokenUsage,
        'tok|cacheCreation',
        () => [...this.modelAttrs(), ['type', { s: 'cacheCreation' }]],
        call.cacheCreation,
      ),
      this.increment(
        METRICS.activeTime,
        'active|cli',
        () => [['type', { s: 'cli' }]],
        call.durationMs / 1000,
      ),
    ];
    return this.emit(EVENTS.apiRequest, now, specific, metrics);
  }

  private assistantResponse(now: number, call: ApiCallPlan): SimEvent {
    const prng = this.ctx.prng;
    return this.emit(
      EVENTS.assistantResponse,
      now,
      [
        ['response_length', { i: Math.max(1, Math.round(call.output * (3 + prng.next()))) }],
        ['response', CONST.redacted],
        ['request_id', { s: call.requestId }],
        ['message.uuid', { s: uuidV4(prng) }],
        ['model', { s: this.model }],
        ['query_source', this.querySource],
      ],
      NO_METRICS,
    );
  }

  private toolDecision(
    now: number,
    tool: PlannedToolCall,
    accept: boolean,
    source: string,
    requestId: string,
  ): SimEvent {
    const decision = accept ? 'accept' : 'reject';
    const metrics = CODE_EDIT_TOOLS.has(tool.toolName)
      ? [
          this.increment(
            METRICS.codeEditToolDecision,
            `edit|${decision}|${source}|${tool.toolName}|${tool.language}`,
            () => [
              ['decision', { s: decision }],
              ['source', { s: source }],
              ['tool_name', { s: tool.toolName }],
              ['language', { s: tool.language }],
            ],
            1,
          ),
        ]
      : NO_METRICS;
    // Key order as captured; tool_parameters (OTEL_LOG_TOOL_DETAILS=1) only when the tool has any (a rejected
    // Write carried none).
    const specific: Attr[] = [
      ['decision', { s: decision }],
      ['source', { s: source }],
      ['tool_name', { s: tool.toolName }],
      ['tool_use_id', { s: tool.toolUseId }],
      ['tool_source', tool.mcp ? CONST.toolSourceMcp : CONST.toolSourceBuiltin],
    ];
    if (tool.parameters !== NO_PARAMETERS) specific.push(['tool_parameters', { s: tool.parameters }]);
    specific.push(['permission_mode', CONST.permissionDefault], ['request_id', { s: requestId }]);
    return this.emit(EVENTS.toolDecision, now, specific, metrics);
  }

  private toolResult(now: number, tool: PlannedToolCall, success: boolean, requestId: string): SimEvent {
    const specific: Attr[] = [
      ['tool_name', { s: tool.toolName }],
      ['tool_use_id', { s: tool.toolUseId }],
      ['success', success ? CONST.true : CONST.false],
      ['duration_ms', { s: String(tool.durationMs) }],
    ];
    if (tool.parameters !== NO_PARAMETERS) specific.push(['tool_parameters', { s: tool.parameters }]);
    specific.push(
      ['tool_input', { s: tool.input }],
      ['tool_input_size_bytes', { s: String(tool.inputBytes) }],
      ['tool_result_size_bytes', { s: String(success ? tool.resultBytes : Buffer.byteLength(tool.error)) }],
      ['request_id', { s: requestId }],
    );
    if (!success) specific.push(['error_type', { s: tool.errorType }], ['error', { s: tool.error }]);
    const metrics: MetricIncrement[] = [];
    if (success) {
      if (tool.linesAdded > 0) {
        metrics.push(
          this.increment(
            METRICS.linesOfCode,
            'loc|added',
            () => [
              ['type', { s: 'added' }],
              ['model', { s: this.model }],
            ],
            tool.linesAdded,
          ),
        );
      }
      if (tool.linesRemoved > 0) {
        metrics.push(
          this.increment(
            METRICS.linesOfCode,
            'loc|removed',
            () => [
              ['type', { s: 'removed' }],
              ['model', { s: this.model }],
            ],
            tool.linesRemoved,
          ),
        );
      }
      if (tool.creates === 'commit') metrics.push(this.increment(METRICS.commitCount, 'commit', () => [], 1));
      if (tool.creates === 'pull_request')
        metrics.push(this.increment(METRICS.pullRequestCount, 'pr', () => [], 1));
    }
    return this.emit(EVENTS.toolResult, now, specific, metrics.length ? metrics : NO_METRICS);
  }
}
