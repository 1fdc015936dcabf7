/**
 * One Codex conversation (thread) as a queue of planned steps: conversation_starts, startup_phase…, then per
 * turn user_prompt → (api_request → sse_event… [→ turn_ttft] → response.completed → tool_decision →
 * [sandbox_outcome] → tool_result)* → final answer, and at exit the "flushing OTEL metrics" DEBUG record.
 * Start-up metrics ride on conversation_starts, turn metrics on the turn's last event (runtime-metrics.ts).
 */
import type { MetricIncrement, SimAttributes, SimEvent, SimResource, SimValue } from '../agent-model.js';
import { randomHex, uuidV7 } from '../shared/ids.js';
import { isoTimestamp } from '../shared/timestamps.js';
import type { Prng } from '../shared/prng.js';
import type { TextPools } from '../shared/text-pools.js';
import type { WeightedChoice } from '../shared/weighted-choice.js';
import {
  CODEX_VERSION,
  CONST,
  EVENTS,
  LOGS_SCOPE,
  METRICS_FLUSH,
  MAX_RETRIES,
  METRICS,
  SEVERITY_NUMBER,
  SEVERITY_TEXT,
  SOURCE_LOCATIONS,
  STARTUP_PHASES,
  TOKENS_SOURCE_LOCATION,
  TURN_TOKEN_TYPES,
  codexIncrement,
  type CodexEvent,
  type CodexInstrument,
  type Originator,
} from './catalog.js';
import {
  okRequestMetrics,
  persistenceMetrics,
  promptMetrics,
  startupMetrics,
  startupPhaseMetrics,
  toolCallMetrics,
  turnEndMetrics,
  type Increment,
} from './runtime-metrics.js';
import { PERSISTENCE_SAMPLE_RATE } from './runtime-catalog.js';
import { planCodexTool, type PlannedCodexTool } from './tools.js';

type Attr = readonly [string, SimValue];
type Step = (nowMs: number) => SimEvent;

export interface CodexUser {
  readonly index: number;
  /** ChatGPT-login attributes (user.account_id, user.email, auth_mode) or none for API-key users. */
  readonly identity: SimAttributes;
  readonly terminalType: string;
  /** Sandbox implementation on this user's OS (tool.call's sandbox attribute). */
  readonly sandbox: string;
  /** Sandbox launcher (codex.sandbox_integrity.* backend attribute). */
  readonly sandboxBackend: string;
  readonly apiKeyInEnv: boolean;
}

export interface CodexResources {
  readonly logs: SimResource;
  readonly metrics: SimResource;
}

export interface CodexSessionContext {
  readonly prng: Prng;
  readonly pools: TextPools;
  readonly models: WeightedChoice<string>;
  readonly tools: WeightedChoice<string>;
  readonly originators: WeightedChoice<Originator>;
  readonly approvalPolicies: WeightedChoice<string>;
  readonly sandboxPolicies: WeightedChoice<string>;
  readonly apiFailures: WeightedChoice<{ status: number; message: string }>;
  readonly promptsPerSession: readonly [number, number];
  readonly apiErrorRate: number;
  readonly toolRejectRate: number;
  readonly toolFailureRate: number;
  readonly logPrompts: boolean;
  resources(user: CodexUser, originator: Originator): CodexResources;
  readonly metricAttrCache: Map<string, MetricAttrGroup>;
  /** Metric attribute arrays shared by all sessions of one process and model (values are strings; low cardinality). */
}

/** instrument → own-attributes key → full data-point attributes. */
export type MetricAttrGroup = Map<CodexInstrument, Map<string, SimAttributes>>;

const NO_METRICS: readonly MetricIncrement[] = Object.freeze([]);
const NO_ATTRIBUTES: SimAttributes = Object.freeze([]);
const EVENT_NAME_ATTR = new Map<CodexEvent, Attr>(
  Object.values(EVENTS).map((e) => [e, ['event.name', { s: e }] as const]),
);
const APP_VERSION: SimValue = { s: CODEX_VERSION };

interface StreamPlan {
  readonly kinds: readonly string[];
  readonly durations: readonly number[];
  /** Index of the first delta (time to first token). */
  readonly firstDelta: number;
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly reasoning: number;
  readonly ttftMs: number;
}

interface TurnTotals {
  toolCalls: number;
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  elapsedMs: number;
  ttftMs: number | undefined;
  ttfmMs: number | undefined;
}

function deltaKinds(kinds: string[], kind: string, count: number): void {
  for (let i = 0; i < count; i++) kinds.push(kind);
}

export class CodexSession {
  /** Codex's metric series are shared by every conversation with the same attributes: none is owned. */
  readonly owner: object = Object.freeze({});
  private readonly steps: Step[] = [];
  private head = 0;
  private promptsLeft: number;
  private prefix: SimAttributes = [];
  private conversationId = '';
  private readonly originator: Originator;
  private readonly resources: CodexResources;
  private readonly model: string;
  private readonly approvalPolicy: string;
  private readonly sandboxPolicy: string;
  private readonly authEnv: readonly Attr[];
  private contextTokens: number;
  private firstRequest = true;
  private toolResultSeq = 0;
  private rolloutBytes = 0;
  /** Rollout items written so far (about one per record): each is sampled for persistence stats at 1 %. */
  private rolloutItems = 0;
  private readonly metricAttrs: MetricAttrGroup;
  private readonly inc: Increment = (instrument, key, own, value, common = true) =>
    this.increment(instrument, key, own, value, common);

  constructor(
    private readonly ctx: CodexSessionContext,
    private readonly user: CodexUser,
  ) {
    const prng = ctx.prng;
    this.originator = ctx.originators.pick(prng);
    this.resources = ctx.resources(user, this.originator);
    this.model = ctx.models.pick(prng);
    this.approvalPolicy = ctx.approvalPolicies.pick(prng);
    this.sandboxPolicy = ctx.sandboxPolicies.pick(prng);
    const [minPrompts, maxPrompts] = ctx.promptsPerSession;
    this.promptsLeft = prng.int(minPrompts, maxPrompts);
    this.contextTokens = prng.lognormalInt(11_000, 0.2, 5_000, 40_000);
    this.authEnv = [
      ['auth.env_openai_api_key_present', { b: user.apiKeyInEnv }],
      ['auth.env_codex_api_key_present', { b: false }],
      ['auth.env_codex_api_key_enabled', { b: false }],
      ['auth.env_provider_key_name', { s: 'OPENAI_API_KEY' }],
      ['auth.env_provider_key_present', { b: user.apiKeyInEnv }],
      ['auth.env_refresh_token_url_override_present', { b: false }],
    ];
    // Processes sharing a metrics resource and model share attribute arrays: the engine keys series by array.
    const groupKey = `${this.resources.metrics.id}|${this.model}`;
    let group = ctx.metricAttrCache.get(groupKey);
    if (!group) {
      group = new Map();
      ctx.metricAttrCache.set(groupKey, group);
    }
    this.metricAttrs = group;
    this.planStartup();
  }

  get done(): boolean {
    return this.head >= this.steps.length && this.promptsLeft <= 0;
  }

  /** Distinct per conversation; known once the first event is stamped (UUIDv7 carries its start time). */
  get id(): string {
    return this.conversationId;
  }

  next(nowMs: number): SimEvent {
    if (this.conversationId === '') this.start(nowMs);
    if (this.head >= this.steps.length) {
      this.steps.length = 0;
      this.head = 0;
      if (this.promptsLeft <= 0) throw new Error('CodexSession.next called after the conversation ended');
      this.promptsLeft--;
      this.planTurn();
      this.rolloutItems += this.steps.length;
      if (this.promptsLeft <= 0) this.planExit();
    }
    const step = this.steps[this.head++] as Step;
    return step(nowMs);
  }

  private start(nowMs: number): void {
    this.conversationId = uuidV7(this.ctx.prng, nowMs);
    const model: SimValue = { s: this.model };
    this.prefix = [
      ['conversation.id', { s: this.conversationId }],
      ['app.version', APP_VERSION],
      ['originator', { s: this.originator.name }],
      ['terminal.type', { s: this.user.terminalType }],
      ['model', model],
      ['slug', model],
      ...this.user.identity,
    ];
  }

  // ---- building records -------------------------------------------------------------------------------------

  private emit(
    event: CodexEvent,
    nowMs: number,
    specific: readonly Attr[],
    metrics: readonly MetricIncrement[],
    sourceLocation: string = SOURCE_LOCATIONS[event],
  ): SimEvent {
    const attributes: Attr[] = [
      EVENT_NAME_ATTR.get(event) as Attr,
      ['event.timestamp', { s: isoTimestamp(nowMs) }],
    ];
    for (const attribute of this.prefix) attributes.push(attribute);
    for (const attribute of specific) attributes.push(attribute);
    return {
      record: {
        agent: 'codex',
        eventName: event,
        resource: this.resources.logs,
        scope: LOGS_SCOPE,
        timeUnixMs: 0,
        observedTimeUnixMs: nowMs,
        severityNumber: SEVERITY_NUMBER,
        severityText: SEVERITY_TEXT,
        otlpEventName: sourceLocation,
        attributes,
      },
      metrics,
    };
  }

  /**
   * A metric increment with cached attribute arrays (the engine keys series by array identity). `common` adds
   * app.version/model/originator/session_source, as Codex does for session-scoped instruments; process-level
   * ones (auth storage, SQLite, skills selection…) carry only their own keys.
   */
  private increment(
    instrument: CodexInstrument,
    key: string,
    own: () => readonly [string, string][],
    value: number,
    common = true,
  ): MetricIncrement {
    let byKey = this.metricAttrs.get(instrument);
    if (!byKey) {
      byKey = new Map();
      this.metricAttrs.set(instrument, byKey);
    }
    let attributes = byKey.get(key);
    if (!attributes) {
      const list: Attr[] = common
        ? [
            ['app.version', APP_VERSION],
            ['model', { s: this.model }],
            ['originator', { s: this.originator.name }],
            ['session_source', { s: this.originator.sessionSource }],
          ]
        : [];
      for (const [k, v] of own()) list.push([k, { s: v }]);
      attributes = list;
      byKey.set(key, attributes);
    }
    return codexIncrement(instrument, this.resources.metrics, attributes, value);
  }

  // ---- planning ---------------------------------------------------------------------------------------------

  private planStartup(): void {
    const prng = this.ctx.prng;
    const mcpServers = prng.chance(0.35)
      ? prng.pick(['github', 'github,context7', 'playwright', 'linear,github', 'sentry'])
      : '';
    const isGit = prng.chance(0.92);
    const isWorktree = isGit && prng.chance(0.1);
    const startAttrs: Attr[] = [
      ['provider_name', { s: 'OpenAI' }],
      ['reasoning_summary', { s: 'auto' }],
      ['approval_policy', { s: this.approvalPolicy }],
      ['sandbox_policy', { s: this.sandboxPolicy }],
      ['mcp_servers', { s: mcpServers }],
      ['config.legacy_multi_agent_disabled_sources', CONST.empty],
      ...this.authEnv,
    ];
    const startMetrics = startupMetrics(this.inc, prng, this.originator.name, mcpServers !== '');
    this.steps.push((now) =>
      this.emit(EVENTS.conversationStarts, now, startAttrs, [
        this.increment(
          METRICS.threadStarted,
          `${isGit}|${isWorktree}`,
          () => [
            ['is_git', String(isGit)],
            ['is_worktree', String(isWorktree)],
          ],
          1,
        ),
        ...startMetrics,
      ]),
    );
    // thread_start_total includes creating the thread (and the MCP servers' start-up when configured).
    const createMs = prng.lognormalInt(mcpServers ? 600 : 15, 0.7, 1, 30_000);
    const totalMs = createMs + prng.lognormalInt(mcpServers ? 300 : 12, 0.7, 1, 30_000);
    for (const [phase, durationMs] of [
      [STARTUP_PHASES[0], createMs],
      [STARTUP_PHASES[1], totalMs],
    ] as const) {
      const attrs: Attr[] = [
        ['startup.phase', { s: phase }],
        ['startup.status', { s: 'ready' }],
        ['duration_ms', { s: String(durationMs) }],
      ];
      const metrics = startupPhaseMetrics(this.inc, phase, durationMs);
      this.steps.push((now) => this.emit(EVENTS.startupPhase, now, attrs, metrics));
    }
  }

  /** Codex's last log record at a clean exit (its metrics client flushing), plus the sampled rollout stats. */
  private planExit(): void {
    // Items are sampled one by one (sample_rate=0.01): a process reports when any of its items was sampled.
    const sampled = this.ctx.prng.chance(1 - (1 - PERSISTENCE_SAMPLE_RATE) ** (this.rolloutItems + 8));
    const metrics = sampled ? persistenceMetrics(this.inc, this.ctx.prng, this.rolloutBytes) : NO_METRICS;
    this.steps.push((now) => ({
      record: {
        agent: 'codex',
        eventName: METRICS_FLUSH.eventName,
        resource: this.resources.logs,
        scope: METRICS_FLUSH.scope,
        timeUnixMs: 0,
        observedTimeUnixMs: now,
        body: METRICS_FLUSH.body,
        severityNumber: METRICS_FLUSH.severityNumber,
        severityText: METRICS_FLUSH.severityText,
        otlpEventName: METRICS_FLUSH.sourceLocation,
        attributes: NO_ATTRIBUTES,
      },
      metrics,
    }));
  }

  private planStream(final: boolean, tool: PlannedCodexTool | undefined): StreamPlan {
    const prng = this.ctx.prng;
    const input = this.contextTokens + prng.lognormalInt(150, 1.2, 1, 30_000);
    const cached = this.firstRequest
      ? prng.chance(0.5)
        ? Math.floor(this.contextTokens * 0.8)
        : 0
      : this.contextTokens - (this.contextTokens % 128);
    this.firstRequest = false;
    const output = prng.lognormalInt(final ? 420 : 160, 1.0, 5, 64_000);
    const reasoning = Math.min(output - 1, Math.round(output * (0.15 + 0.55 * prng.next())));
    this.contextTokens = input + output;
    if (this.contextTokens > 250_000) this.contextTokens = prng.lognormalInt(40_000, 0.2, 20_000, 80_000);

    const kinds: string[] = ['response.created', 'response.in_progress'];
    if (reasoning > 0) {
      kinds.push('response.output_item.added', 'response.reasoning_summary_part.added');
      deltaKinds(
        kinds,
        'response.reasoning_summary_text.delta',
        Math.min(30, Math.max(1, Math.round(reasoning / 25))),
      );
      kinds.push(
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.output_item.done',
      );
    }
    if (tool) {
      kinds.push('response.output_item.added');
      deltaKinds(
        kinds,
        'response.function_call_arguments.delta',
        Math.min(20, Math.max(1, Math.round(tool.arguments.length / 8))),
      );
      kinds.push('response.function_call_arguments.done', 'response.output_item.done');
    } else {
      kinds.push('response.output_item.added', 'response.content_part.added');
      deltaKinds(
        kinds,
        'response.output_text.delta',
        Math.min(120, Math.max(1, Math.round((output - reasoning) / 3))),
      );
      kinds.push('response.output_text.done', 'response.content_part.done', 'response.output_item.done');
    }
    kinds.push('response.completed');
    const firstDelta = kinds.findIndex((k) => k.endsWith('.delta'));
    const durations: number[] = kinds.map((kind, i) =>
      i === firstDelta
        ? prng.lognormalInt(900, 0.6, 50, 60_000)
        : kind.endsWith('.delta')
          ? prng.lognormalInt(12, 0.8, 0, 2_000)
          : prng.int(0, 4),
    );
    let ttftMs = 0;
    for (let i = 0; i <= firstDelta; i++) ttftMs += durations[i] as number;
    return { kinds, durations, firstDelta, input, cached, output, reasoning, ttftMs };
  }

  private planTurn(): void {
    const ctx = this.ctx;
    const prng = ctx.prng;
    const text = prng.pick(ctx.pools.prompts);
    const promptAttrs: Attr[] = [
      ['prompt_length', { s: String(text.length) }],
      ['prompt', ctx.logPrompts ? { s: text } : CONST.redacted],
    ];
    const selection = promptMetrics(this.inc, prng, text);
    this.steps.push((now) => this.emit(EVENTS.userPrompt, now, promptAttrs, selection));
    const totals: TurnTotals = {
      toolCalls: 0,
      input: 0,
      cached: 0,
      output: 0,
      reasoning: 0,
      elapsedMs: 0,
      ttftMs: undefined,
      ttfmMs: undefined,
    };

    const toolRounds = prng.geometric(0.6, 12);
    turn: for (let round = 0; round <= toolRounds; round++) {
      const final = round === toolRounds;
      let attempt = 0;
      while (prng.chance(ctx.apiErrorRate)) {
        const failure = ctx.apiFailures.pick(prng);
        const durationMs = prng.lognormalInt(failure.status === 429 ? 120 : 1500, 0.7, 5, 60_000);
        totals.elapsedMs += durationMs;
        const attrs: Attr[] = [
          ...this.apiRequestAttrs(durationMs, failure.status, attempt),
          ['error.message', { s: failure.message }],
          ['auth.request_id', { s: `req_${randomHex(prng, 32)}` }],
        ];
        const status = String(failure.status);
        this.steps.push((now) =>
          this.emit(EVENTS.apiRequest, now, attrs, [
            this.increment(
              METRICS.apiRequest,
              `${status}|false`,
              () => [
                ['status', status],
                ['success', 'false'],
              ],
              1,
            ),
            this.increment(
              METRICS.apiRequestDuration,
              `${status}|false`,
              () => [
                ['status', status],
                ['success', 'false'],
              ],
              durationMs,
            ),
          ]),
        );
        attempt++;
        if (attempt > MAX_RETRIES) break turn;
      }
      const tool = final ? undefined : planCodexTool(prng, ctx.pools, ctx.tools.pick(prng));
      const stream = this.planStream(final, tool);
      const headerMs = prng.lognormalInt(450, 0.5, 30, 30_000);
      const okAttrs = this.apiRequestAttrs(headerMs, 200, attempt);
      const requestMetrics = okRequestMetrics(this.inc);
      this.steps.push((now) =>
        this.emit(EVENTS.apiRequest, now, okAttrs, [
          ...requestMetrics,
          this.increment(
            METRICS.apiRequest,
            '200|true',
            () => [
              ['status', '200'],
              ['success', 'true'],
            ],
            1,
          ),
          this.increment(
            METRICS.apiRequestDuration,
            '200|true',
            () => [
              ['status', '200'],
              ['success', 'true'],
            ],
            headerMs,
          ),
        ]),
      );
      const streamStartMs = totals.elapsedMs + headerMs;
      this.pushStream(stream, totals.ttftMs === undefined, streamStartMs);
      if (totals.ttftMs === undefined) totals.ttftMs = streamStartMs + stream.ttftMs;
      let streamMs = 0;
      for (const d of stream.durations) streamMs += d;
      totals.elapsedMs = streamStartMs + streamMs;
      if (final && totals.ttfmMs === undefined) totals.ttfmMs = streamStartMs + stream.ttftMs;
      totals.input += stream.input;
      totals.cached += stream.cached;
      totals.output += stream.output;
      totals.reasoning += stream.reasoning;
      if (tool && !this.planTool(tool, totals)) break;
    }
    this.attachTurnMetrics(totals);
  }

  private apiRequestAttrs(durationMs: number, status: number, attempt: number): Attr[] {
    return [
      ['duration_ms', { s: String(durationMs) }],
      ['http.response.status_code', { i: status }],
      ['attempt', { i: attempt }],
      ['endpoint', CONST.endpoint],
      ['auth.header_attached', { b: true }],
      ['auth.header_name', { s: 'authorization' }],
      ['auth.retry_after_unauthorized', { b: false }],
      ...this.authEnv,
    ];
  }

  private pushStream(stream: StreamPlan, firstOfTurn: boolean, streamStartMs: number): void {
    const last = stream.kinds.length - 1;
    stream.kinds.forEach((kind, i) => {
      const durationMs = stream.durations[i] as number;
      const attrs: Attr[] = [
        ['event.kind', { s: kind }],
        ['duration_ms', { s: String(durationMs) }],
      ];
      const sseKind = (): Array<[string, string]> => [
        ['kind', kind],
        ['success', 'true'],
      ];
      const sseStep = (now: number): SimEvent =>
        this.emit(EVENTS.sseEvent, now, attrs, [
          this.increment(METRICS.sseEvent, kind, sseKind, 1),
          this.increment(METRICS.sseEventDuration, kind, sseKind, durationMs),
        ]);
      if (i === last) {
        // Codex logs response.completed twice: the generic SSE record (below) and one with the token counts.
        const completedAttrs: Attr[] = [
          ['event.kind', { s: kind }],
          ['duration_ms', { s: String(durationMs) }],
          ['input_token_count', { s: String(stream.input) }],
          ['output_token_count', { s: String(stream.output) }],
          ['cached_token_count', { i: stream.cached }],
          ['cache_write_token_count', { i: 0 }],
          ['reasoning_token_count', { i: stream.reasoning }],
          ['tool_token_count', { s: String(stream.input + stream.output) }],
          ['ttft_ms', { i: stream.ttftMs }],
        ];
        this.steps.push((now) => sseStep(now));
        this.steps.push((now) =>
          this.emit(EVENTS.sseEvent, now, completedAttrs, NO_METRICS, TOKENS_SOURCE_LOCATION),
        );
        return;
      }
      this.steps.push((now) => sseStep(now));
      if (firstOfTurn && i === stream.firstDelta) {
        const ttft = streamStartMs + stream.ttftMs;
        const ttftAttrs: Attr[] = [['duration_ms', { s: String(ttft) }]];
        this.steps.push((now) =>
          this.emit(EVENTS.turnTtft, now, ttftAttrs, [this.increment(METRICS.turnTtft, '', () => [], ttft)]),
        );
      }
    });
  }

  /** Plans decision, sandbox and result of one tool call; false when the user aborted the turn. */
  private planTool(tool: PlannedCodexTool, totals: TurnTotals): boolean {
    const ctx = this.ctx;
    const prng = ctx.prng;
    const rejected = prng.chance(ctx.toolRejectRate);
    const asksUser = this.approvalPolicy !== 'never' && (rejected || prng.chance(0.3));
    const decision = rejected
      ? prng.chance(0.8)
        ? 'denied'
        : 'abort'
      : asksUser && prng.chance(0.3)
        ? 'approved_for_session'
        : 'approved';
    const decisionAttrs: Attr[] = [
      ['tool_name', { s: tool.toolName }],
      ['tool_namespace', CONST.functions],
      ['call_id', { s: tool.callId }],
      ['decision', { s: decision }],
      ['source', { s: asksUser || rejected ? 'User' : 'Config' }],
    ];
    this.steps.push((now) => this.emit(EVENTS.toolDecision, now, decisionAttrs, NO_METRICS));
    if (decision === 'abort') return false;

    let success = decision !== 'denied' && !prng.chance(ctx.toolFailureRate);
    const sandboxDenied =
      !success &&
      decision !== 'denied' &&
      tool.sandboxed &&
      this.sandboxPolicy !== 'danger-full-access' &&
      prng.chance(0.4);
    if (sandboxDenied) {
      const sandboxAttrs: Attr[] = [
        ['tool_name', { s: tool.toolName }],
        ['call_id', { s: tool.callId }],
        ['outcome', { s: 'denied' }],
        ['initial_duration_ms', { i: prng.lognormalInt(40, 0.8, 1, 10_000) }],
      ];
      this.steps.push((now) => this.emit(EVENTS.sandboxOutcome, now, sandboxAttrs, NO_METRICS));
    }
    if (decision === 'denied') success = false;
    const durationMs = decision === 'denied' ? 0 : tool.durationMs;
    totals.elapsedMs += durationMs;
    const output =
      decision === 'denied' ? 'exec command rejected by user' : success ? tool.output : tool.failureOutput;
    const successText = success ? 'true' : 'false';
    const resultAttrs: Attr[] = [
      ['tool_result_seq', { i: ++this.toolResultSeq }],
      ['tool_name', { s: tool.toolName }],
      ['tool_namespace', CONST.functions],
      ['call_id', { s: tool.callId }],
      ['duration_ms', { s: String(durationMs) }],
      ['success', success ? CONST.true : CONST.false],
      ['output_truncated', { b: success && tool.outputTruncated }],
      ['agent_name', { s: '/root' }],
      ['arguments', { s: tool.arguments }],
      ['output', { s: output }],
      ['mcp_server', CONST.empty],
      ['mcp_server_origin', CONST.empty],
    ];
    const sandbox =
      tool.sandboxed && this.sandboxPolicy !== 'danger-full-access' ? this.user.sandbox : 'none';
    const own = (): [string, string][] => [
      ['tool', tool.toolName],
      ['success', successText],
      ['sandbox', sandbox],
      ['sandbox_policy', this.sandboxPolicy],
      ['command_category', tool.commandCategory],
      ['shell_snapshot_mode', 'v1'],
    ];
    const key = `${tool.toolName}|${successText}|${sandbox}|${this.sandboxPolicy}|${tool.commandCategory}`;
    totals.toolCalls++;
    const runtime =
      decision === 'denied'
        ? NO_METRICS
        : toolCallMetrics(this.inc, prng, tool, sandbox === 'none' ? undefined : this.user.sandboxBackend);
    this.steps.push((now) =>
      this.emit(EVENTS.toolResult, now, resultAttrs, [
        this.increment(METRICS.toolCall, key, own, 1),
        this.increment(METRICS.toolCallDuration, key, own, durationMs),
        ...runtime,
      ]),
    );
    return true;
  }

  /** One codex.turn.token_usage sample per token type, e2e/ttft/ttfm and the turn count, on the turn's last event. */
  private attachTurnMetrics(totals: TurnTotals): void {
    const values: Record<(typeof TURN_TOKEN_TYPES)[number], number> = {
      input: totals.input,
      cached_input: totals.cached,
      output: totals.output,
      reasoning_output: totals.reasoning,
      total: totals.input + totals.output,
      cache_write_input: 0,
    };
    const metrics: MetricIncrement[] = TURN_TOKEN_TYPES.map((type) =>
      this.increment(
        METRICS.turnTokenUsage,
        type,
        () => [
          ['token_type', type],
          ['tmp_mem_enabled', 'false'],
        ],
        values[type],
      ),
    );
    metrics.push(this.increment(METRICS.turnE2eDuration, '', () => [], totals.elapsedMs));
    if (totals.ttfmMs !== undefined)
      metrics.push(this.increment(METRICS.turnTtfm, '', () => [], totals.ttfmMs));
    metrics.push(this.increment(METRICS.conversationTurnCount, '', () => [], 1));
    this.rolloutBytes += 6_000 + Math.round((totals.input + totals.output) / 4) + totals.toolCalls * 1_500;
    metrics.push(...turnEndMetrics(this.inc, this.ctx.prng, totals.toolCalls, this.rolloutBytes));
    const last = this.steps.pop() as Step;
    this.steps.push((now) => {
      const event = last(now);
      return {
        record: event.record,
        metrics: event.metrics.length ? [...event.metrics, ...metrics] : metrics,
      };
    });
  }
}
