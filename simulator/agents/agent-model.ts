/**
 * The contract between the agent models (what Claude Code / Codex emit: simulator/agents/<agent>/) and the
 * engine (scheduling, encoding, sending, ledger: the rest of simulator/). Agent models are pure and
 * deterministic for a seed: no timers, no I/O, time is always passed in.
 */
import type { AgentName, BreakdownSpec, TaggedValue } from '../../core/ledger/index.js';
import type { Partition } from '../partition.js';

/** A typed attribute value. The tag keeps OTLP's types exact: an int is not a double, "38" is not 38. */
export type SimValue = TaggedValue;

/** Ordered attribute list, as the real client orders keys. */
export type SimAttributes = ReadonlyArray<readonly [string, SimValue]>;

/** One emitting process (a CLI run). Records with the same resource object are grouped in one ResourceLogs. */
export interface SimResource {
  /** Unique per resource within a run; lets encoders cache the encoded resource. */
  readonly id: number;
  readonly agent: AgentName;
  readonly attributes: SimAttributes;
}

export interface SimScope {
  readonly name: string;
  readonly version?: string;
}

export interface SimLogRecord {
  readonly agent: AgentName;
  /** Qualified event name: "claude_code.api_request", "codex.sse_event". */
  readonly eventName: string;
  readonly resource: SimResource;
  readonly scope: SimScope;
  /** timeUnixNano in ms; 0 for Codex, which sets only the observed time. */
  readonly timeUnixMs: number;
  readonly observedTimeUnixMs: number;
  /** Claude: "claude_code.<event>". Codex: undefined (no body). */
  readonly body?: string;
  readonly severityNumber?: number;
  readonly severityText?: string;
  /** Codex sets OTLP's eventName field to a source location string; Claude leaves it unset. */
  readonly otlpEventName?: string;
  /** Attributes exactly as the real client sends them (no aimon.* tags: the engine appends those). */
  readonly attributes: SimAttributes;
}

/** A change to one metric series caused by an event; the engine accumulates and exports on its interval. */
export interface MetricIncrement {
  readonly resource: SimResource;
  readonly scope: SimScope;
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: 'sum' | 'histogram';
  /** How the client encodes values: Claude sends asDouble everywhere; Codex sums are asInt. */
  readonly valueType: 'double' | 'int';
  readonly attributes: SimAttributes;
  /** Sum: the increment. Histogram: one observation. */
  readonly value: number;
  /** Histogram bucket bounds (telemetry.md). */
  readonly explicitBounds?: readonly number[];
  /**
   * The session this series belongs to (Claude copies session.id onto every point). Once that session has ended
   * (SimEvent.endsSession) the series never changes again, so the engine can retire it. Undefined: lives for the run.
   */
  readonly session?: object;
}

export interface SimEvent {
  readonly record: SimLogRecord;
  readonly metrics: readonly MetricIncrement[];
  /** Set on a session's last event: no MetricIncrement with this `session` follows. */
  readonly endsSession?: object;
}

export interface Weighted<T> {
  readonly value: T;
  readonly weight: number;
}

/** The part of a scenario an agent model needs. */
export interface WorkloadProfile {
  readonly seed: number;
  /** Distinct simulated users (each with a stable 64-hex user.id, optional email/org/team). */
  readonly users: number;
  /** Teams users belong to; each user's team lands in OTEL_RESOURCE_ATTRIBUTES-style keys (team.id). */
  readonly teams: readonly string[];
  /** Sessions alive at once; events interleave across them. */
  readonly concurrentSessions: number;
  /** Prompts per session, inclusive range. */
  readonly promptsPerSession: readonly [number, number];
  readonly models: readonly Weighted<string>[];
  /** Claude tool names (Bash, Read, Edit, Write, Grep, Glob, …) or Codex tool names (exec_command, …). */
  readonly tools: readonly Weighted<string>[];
  /** Fraction of API requests that fail (Claude: api_error + api_retries_exhausted; Codex: non-2xx api_request). */
  readonly apiErrorRate: number;
  /** Fraction of tool decisions rejected / denied. */
  readonly toolRejectRate: number;
  /** Fraction of executed tools that fail. */
  readonly toolFailureRate: number;
  /** Include prompt text instead of the redaction marker (OTEL_LOG_USER_PROMPTS=1 / log_user_prompt=true). */
  readonly logPrompts: boolean;
  /**
   * Claude Code's metric cardinality controls (OTEL_METRICS_INCLUDE_SESSION_ID, _ACCOUNT_UUID, _VERSION; defaults
   * true, true, false). They change metric data points only, never events. Codex has no such switches.
   */
  readonly metricsInclude?: MetricsInclude;
  /**
   * The part of the run this model builds (see simulator/partition.ts): every user is built from the seed, the
   * model keeps those whose index is p mod P and its share of the concurrent sessions, and draws its sessions from
   * its own PRNG stream. Absent: the whole run.
   */
  readonly partition?: Partition;
  /**
   * Added to every resource id the model hands out (default 0), so that the models of several named loads in one run
   * never share an id (encoders and the metric accumulator key on it). A multiple of 2.
   */
  readonly resourceIdBase?: number;
}

export interface MetricsInclude {
  readonly sessionId: boolean;
  readonly accountUuid: boolean;
  readonly version: boolean;
}

/** How the ledger should aggregate acknowledged records of this agent (core/ledger/record-expectations.ts). */
export type { BreakdownSpec };

export interface AgentModel {
  readonly agent: AgentName;
  /** Next event of the interleaved sessions, stamped at nowMs. Never ends: sessions end and new ones start. */
  nextEvent(nowMs: number): SimEvent;
  /** Aggregates the ledger keeps for this agent: counts by model/tool/decision/status, token sums, cost. */
  readonly breakdowns: readonly BreakdownSpec[];
}

export type AgentModelFactory = (profile: WorkloadProfile) => AgentModel;
