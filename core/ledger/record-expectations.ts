/**
 * The ledger's expectations over log records, built from the records themselves. The record and breakdown shapes
 * are declared here, structurally: the simulator's SimLogRecord and BreakdownSpec (simulator/agents/agent-model.ts)
 * fit them, and so does a record read back from a real client's capture (test/real-clients/real-ledger.ts).
 */
import { AGENT_IDS, AGENTS, perAgent } from '../agents.js';
import { BREAKDOWN_KEY_SEPARATOR, type AgentName, type LedgerBreakdown } from './types.js';

/** An attribute value as OTLP's AnyValue carries it, tagged by type (the simulator's SimValue). */
export type TaggedValue =
  | { readonly s: string }
  | { readonly i: number }
  | { readonly d: number }
  | { readonly b: boolean }
  | { readonly a: readonly string[] };

/** Plain JS value of a tagged value, as the ledger and the backends show it (an array as its JSON). */
export function plainValue(value: TaggedValue): string | number | boolean {
  const v = value as { s?: string; i?: number; d?: number; b?: boolean; a?: readonly string[] };
  if (v.s !== undefined) return v.s;
  if (v.i !== undefined) return v.i;
  if (v.d !== undefined) return v.d;
  if (v.b !== undefined) return v.b;
  return JSON.stringify(v.a ?? []);
}

/** What the expectations read of a log record. */
export interface ExpectedRecord {
  readonly agent: AgentName;
  /** Qualified event name: "claude_code.api_request", "codex.sse_event". */
  readonly eventName: string;
  readonly attributes: ReadonlyArray<readonly [string, TaggedValue]>;
}

/** One expected aggregate an agent declares (becomes a LedgerBreakdown with its values). */
export interface BreakdownSpec {
  readonly id: string;
  readonly title: string;
  readonly event: string;
  readonly where?: Readonly<Record<string, string>>;
  readonly by: readonly string[];
  readonly op: 'count' | 'sum' | 'count_uniq';
  readonly field?: string;
}

/**
 * What a batch of records adds to the expectations, as plain data: built where the records are generated (possibly
 * a worker thread) and merged where the batch is acknowledged.
 */
export interface ExpectationsDelta {
  eventCounts: Array<[string, number]>;
  /** Per breakdown (constructor order): [key, count or sum] or, for count_uniq, [key, distinct values]. */
  breakdowns: Array<Array<[string, number | string[]]>>;
  sessions: Record<AgentName, string[]>;
  users: Record<AgentName, string[]>;
}

interface BreakdownState {
  spec: BreakdownSpec;
  where: Array<[string, string]>;
  agent: AgentName;
  values: Map<string, number>;
  uniq: Map<string, Set<string>> | undefined;
}

function attribute(record: ExpectedRecord, key: string): TaggedValue | undefined {
  const attrs = record.attributes;
  for (let i = 0; i < attrs.length; i++) if (attrs[i]![0] === key) return attrs[i]![1];
  return undefined;
}

/**
 * The ledger's expectations over log records: counts per event, the agents' breakdowns, sessions and users.
 * Only records the receiver acknowledged (or that were withheld on purpose) are fed in.
 */
export class RecordExpectations {
  readonly eventCounts = new Map<string, number>();
  private readonly byEvent = new Map<string, BreakdownState[]>();
  private readonly all: BreakdownState[] = [];
  private readonly sessions: Record<AgentName, Set<string>> = perAgent(() => new Set());
  private readonly users: Record<AgentName, Set<string>> = perAgent(() => new Set());

  constructor(breakdowns: Partial<Record<AgentName, readonly BreakdownSpec[]>>) {
    for (const [agent, specs] of Object.entries(breakdowns) as Array<[AgentName, readonly BreakdownSpec[]]>) {
      for (const spec of specs) {
        const state: BreakdownState = {
          spec,
          where: Object.entries(spec.where ?? {}),
          agent,
          values: new Map(),
          uniq: spec.op === 'count_uniq' ? new Map() : undefined,
        };
        this.all.push(state);
        const list = this.byEvent.get(spec.event) ?? [];
        list.push(state);
        this.byEvent.set(spec.event, list);
      }
    }
  }

  add(record: ExpectedRecord): void {
    this.eventCounts.set(record.eventName, (this.eventCounts.get(record.eventName) ?? 0) + 1);
    const session = attribute(record, AGENTS[record.agent].sessionKey);
    if (session) this.sessions[record.agent].add(String(plainValue(session)));
    for (const key of AGENTS[record.agent].userKeys) {
      const user = attribute(record, key);
      if (user) {
        this.users[record.agent].add(String(plainValue(user)));
        break;
      }
    }
    const states = this.byEvent.get(record.eventName);
    if (!states) return;
    for (const state of states) this.apply(state, record);
  }

  private apply(state: BreakdownState, record: ExpectedRecord): void {
    const spec = state.spec;
    for (const [k, v] of state.where) {
      const actual = attribute(record, k);
      if (!actual || String(plainValue(actual)) !== v) return;
    }
    let key = '';
    for (let i = 0; i < spec.by.length; i++) {
      const v = attribute(record, spec.by[i]!);
      if (i > 0) key += BREAKDOWN_KEY_SEPARATOR;
      if (v) key += String(plainValue(v));
    }
    if (spec.op === 'count') {
      state.values.set(key, (state.values.get(key) ?? 0) + 1);
    } else if (spec.op === 'sum') {
      const v = spec.field ? attribute(record, spec.field) : undefined;
      const n = v ? Number(plainValue(v)) : NaN;
      if (!Number.isFinite(n)) return;
      state.values.set(key, (state.values.get(key) ?? 0) + n);
    } else {
      const v = spec.field ? attribute(record, spec.field) : undefined;
      if (!v) return;
      let set = state.uniq!.get(key);
      if (!set) state.uniq!.set(key, (set = new Set()));
      set.add(String(plainValue(v)));
    }
  }

  /** Everything added so far, as plain data (see ExpectationsDelta). */
  toDelta(): ExpectationsDelta {
    return {
      eventCounts: [...this.eventCounts],
      breakdowns: this.all.map((state) =>
        state.uniq ? [...state.uniq].map(([k, set]) => [k, [...set]]) : [...state.values],
      ),
      sessions: perAgent((agent) => [...this.sessions[agent]]),
      users: perAgent((agent) => [...this.users[agent]]),
    };
  }

  /** Adds a delta built by an instance constructed with the same breakdown specs. */
  merge(delta: ExpectationsDelta): void {
    for (const [name, n] of delta.eventCounts)
      this.eventCounts.set(name, (this.eventCounts.get(name) ?? 0) + n);
    delta.breakdowns.forEach((entries, i) => {
      const state = this.all[i]!;
      for (const [key, v] of entries) {
        if (typeof v === 'number') state.values.set(key, (state.values.get(key) ?? 0) + v);
        else {
          let set = state.uniq!.get(key);
          if (!set) state.uniq!.set(key, (set = new Set()));
          for (const x of v) set.add(x);
        }
      }
    });
    for (const agent of AGENT_IDS) {
      for (const s of delta.sessions[agent]) this.sessions[agent].add(s);
      for (const u of delta.users[agent]) this.users[agent].add(u);
    }
  }

  breakdowns(): LedgerBreakdown[] {
    return this.all.map((state) => {
      const values: Record<string, number> = {};
      if (state.uniq) for (const [k, set] of state.uniq) values[k] = set.size;
      else for (const [k, v] of state.values) values[k] = v;
      const s = state.spec;
      return {
        id: s.id,
        title: s.title,
        agent: state.agent,
        event: s.event,
        ...(s.where ? { where: { ...s.where } } : {}),
        by: [...s.by],
        op: s.op,
        ...(s.field ? { field: s.field } : {}),
        values,
      };
    });
  }

  sessionCounts(): Record<AgentName, number> {
    return perAgent((agent) => this.sessions[agent].size);
  }

  userCounts(): Record<AgentName, number> {
    return perAgent((agent) => this.users[agent].size);
  }
}
