import { describe, expect, it } from 'vitest';
import type { SimEvent, WorkloadProfile } from '../agent-model.js';
import { attr, int, schemaProblems, str, tagOf } from '../shared/schema-check.fixture.js';
import { METRICS_FLUSH } from './catalog.js';
import { createCodexModel } from './codex-model.js';
import {
  COMMON,
  EVENTS,
  LOGS_RESOURCE,
  METRICS,
  METRICS_RESOURCE,
  METRIC_COMMON,
  RUNTIME_METRICS,
} from './schema.fixture.js';

const PROFILE: WorkloadProfile = {
  seed: 9,
  users: 8,
  teams: ['platform'],
  concurrentSessions: 5,
  promptsPerSession: [1, 5],
  models: [
    { value: 'gpt-5.1-codex', weight: 3 },
    { value: 'gpt-5.1-codex-mini', weight: 1 },
  ],
  tools: [
    { value: 'exec_command', weight: 6 },
    { value: 'apply_patch', weight: 2 },
    { value: 'update_plan', weight: 1 },
  ],
  apiErrorRate: 0.08,
  toolRejectRate: 0.12,
  toolFailureRate: 0.15,
  logPrompts: false,
};
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function run(profile: WorkloadProfile, count: number): SimEvent[] {
  const model = createCodexModel(profile);
  const events: SimEvent[] = [];
  for (let i = 0; i < count; i++) events.push(model.nextEvent(T0 + i * 3));
  return events;
}

const ALL_30K = run(PROFILE, 30_000);
const name = (e: SimEvent): string => e.record.eventName;
const isFlush = (e: SimEvent): boolean => name(e) === METRICS_FLUSH.eventName;
/** The events proper (the metrics-flush DEBUG record has no attributes, see its own tests). */
const EVENTS_30K = ALL_30K.filter((e) => !isFlush(e));

function byConversation(events: SimEvent[]): Map<string, SimEvent[]> {
  const out = new Map<string, SimEvent[]>();
  for (const e of events) {
    const id = str(e.record.attributes, 'conversation.id');
    if (!out.has(id)) out.set(id, []);
    out.get(id)?.push(e);
  }
  return out;
}

describe('codex records match telemetry.md', () => {
  it('every record has the exact keys and value types of its event', () => {
    const problems: string[] = [];
    for (const e of EVENTS_30K) {
      const spec = EVENTS[name(e)];
      if (!spec) problems.push(`unknown event ${name(e)}`);
      else problems.push(...schemaProblems(name(e), e.record.attributes, COMMON, spec));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect([...new Set(EVENTS_30K.map(name))].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('has no body, severity 9 INFO, time 0 with the observed time set, a source location as OTLP eventName', () => {
    const problems: string[] = [];
    for (const e of EVENTS_30K) {
      const r = e.record;
      if (r.body !== undefined) problems.push('body set');
      if (r.severityNumber !== 9 || r.severityText !== 'INFO') problems.push('severity');
      if (r.timeUnixMs !== 0 || !(r.observedTimeUnixMs > 0)) problems.push('time');
      if (!r.otlpEventName || r.otlpEventName === r.eventName || !/\.rs:\d+$/.test(r.otlpEventName))
        problems.push('otlpEventName');
      if (str(r.attributes, 'event.name') !== r.eventName) problems.push('event.name');
      if (str(r.attributes, 'event.timestamp') !== new Date(r.observedTimeUnixMs).toISOString())
        problems.push('timestamp');
      if (r.scope.name !== 'codex_otel.log_only' || r.scope.version !== undefined) problems.push('scope');
      if (r.resource.id % 2 !== 1) problems.push('resource id parity');
    }
    expect([...new Set(problems)]).toEqual([]);
    const r = (EVENTS_30K[0] as SimEvent).record;
    expect(schemaProblems('logs resource', r.resource.attributes, LOGS_RESOURCE)).toEqual([]);
    expect(str(r.resource.attributes, 'service.name')).toBe(str(r.attributes, 'originator'));
    expect(str(r.resource.attributes, 'service.version')).toBe('0.171.0');
  });

  it('conversation ids are UUIDv7 carrying the start time', () => {
    for (const [id, list] of byConversation(EVENTS_30K)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(ms).toBe((list[0] as SimEvent).record.observedTimeUnixMs);
      expect(name(list[0] as SimEvent)).toBe('codex.conversation_starts');
    }
  });

  it('the schema check catches an int where Codex sends a string', () => {
    const e = EVENTS_30K.find((x) => name(x) === 'codex.api_request') as SimEvent;
    const broken = e.record.attributes.map(([k, v]) =>
      k === 'duration_ms' ? ([k, { i: 5 }] as const) : ([k, v] as const),
    );
    expect(schemaProblems('api_request', broken, COMMON, EVENTS['codex.api_request'] as never)).toEqual([
      'api_request: duration_ms is i, expected s',
    ]);
  });

  it('prompts are [REDACTED] unless logPrompts; tool output is always raw', () => {
    expect(
      EVENTS_30K.filter((e) => name(e) === 'codex.user_prompt').every(
        (e) => str(e.record.attributes, 'prompt') === '[REDACTED]',
      ),
    ).toBe(true);
    const logged = run({ ...PROFILE, logPrompts: true }, 2000).filter((e) => name(e) === 'codex.user_prompt');
    expect(logged.length).toBeGreaterThan(0);
    for (const e of logged)
      expect(str(e.record.attributes, 'prompt_length')).toBe(
        String(str(e.record.attributes, 'prompt').length),
      );
    const exec = EVENTS_30K.filter(
      (e) => name(e) === 'codex.tool_result' && str(e.record.attributes, 'tool_name') === 'exec_command',
    );
    expect(exec.length).toBeGreaterThan(0);
    for (const e of exec) {
      expect(Object.keys(JSON.parse(str(e.record.attributes, 'arguments')) as object)).toEqual(['cmd']);
      expect(str(e.record.attributes, 'output')).not.toBe('[REDACTED]');
    }
  });
});

describe('codex turns follow the real order', () => {
  it('only response.completed carries token counts; input includes cached; tool_token_count is the total', () => {
    let completed = 0;
    for (const e of EVENTS_30K.filter((x) => name(x) === 'codex.sse_event')) {
      const a = e.record.attributes;
      const isCompleted = str(a, 'event.kind') === 'response.completed';
      if (!isCompleted) expect(attr(a, 'input_token_count')).toBeUndefined();
      if (attr(a, 'input_token_count') === undefined) continue;
      completed++;
      const input = Number(str(a, 'input_token_count'));
      const output = Number(str(a, 'output_token_count'));
      expect(int(a, 'cached_token_count')).toBeLessThanOrEqual(input);
      expect(int(a, 'reasoning_token_count')).toBeLessThan(output);
      expect(str(a, 'tool_token_count')).toBe(String(input + output));
    }
    expect(completed).toBeGreaterThan(100);
  });

  it('each stream runs api_request 200 → response.created … response.completed; failures are non-2xx with an error', () => {
    const shapes = new Set<string>();
    for (const list of byConversation(EVENTS_30K).values()) {
      const names = list.map(name);
      expect(names[0]).toBe('codex.conversation_starts');
      names.slice(1, 3).forEach((n) => expect(n).toBe('codex.startup_phase'));
      expect(list.slice(1, 3).map((e) => str(e.record.attributes, 'startup.phase'))).toEqual([
        'thread_start_create_thread',
        'thread_start_total',
      ]);
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as SimEvent;
        if (name(e) !== 'codex.api_request') continue;
        const status = int(e.record.attributes, 'http.response.status_code');
        const next = list[i + 1];
        if (status !== 200) {
          expect(attr(e.record.attributes, 'error.message')).toBeDefined();
          shapes.add(`fail ${status}`);
          if (next) expect(name(next)).toBe('codex.api_request');
          continue;
        }
        expect(attr(e.record.attributes, 'error.message')).toBeUndefined();
        if (!next) continue;
        expect(str(next.record.attributes, 'event.kind')).toBe('response.created');
        shapes.add('ok');
      }
    }
    expect(shapes.has('ok')).toBe(true);
    expect([...shapes].some((s) => s.startsWith('fail'))).toBe(true);
  });

  it('one turn_ttft per turn, after the first delta; tool results follow their decision unless aborted', () => {
    for (const list of byConversation(EVENTS_30K).values()) {
      const prompts = list.filter((e) => name(e) === 'codex.user_prompt').length;
      const ttfts = list.filter((e) => name(e) === 'codex.turn_ttft').length;
      expect(ttfts).toBeLessThanOrEqual(prompts);
      list.forEach((e, i) => {
        if (name(e) === 'codex.turn_ttft')
          expect(str((list[i - 1] as SimEvent).record.attributes, 'event.kind')).toMatch(/\.delta$/);
        if (name(e) !== 'codex.tool_decision') return;
        const decision = str(e.record.attributes, 'decision');
        const callId = str(e.record.attributes, 'call_id');
        const result = list
          .slice(i + 1)
          .find((x) => name(x) === 'codex.tool_result' && str(x.record.attributes, 'call_id') === callId);
        if (decision === 'abort') expect(result).toBeUndefined();
        else if (result) {
          if (decision === 'denied') expect(str(result.record.attributes, 'success')).toBe('false');
        } else expect(i).toBeGreaterThan(list.length - 4);
      });
    }
    const decisions = new Set(
      EVENTS_30K.filter((e) => name(e) === 'codex.tool_decision').map((e) =>
        str(e.record.attributes, 'decision'),
      ),
    );
    expect([...decisions].sort()).toEqual(['abort', 'approved', 'approved_for_session', 'denied']);
    expect(EVENTS_30K.some((e) => name(e) === 'codex.sandbox_outcome')).toBe(true);
  });
});

describe('codex metrics-flush record', () => {
  it('is a DEBUG body-only record of codex_otel::metrics::client, no attributes, time 0, a source location', () => {
    const flushes = ALL_30K.filter(isFlush);
    expect(flushes.length).toBeGreaterThan(10);
    for (const { record: r } of flushes) {
      expect(r.body).toBe('flushing OTEL metrics');
      expect([r.severityNumber, r.severityText]).toEqual([5, 'DEBUG']);
      expect(r.attributes).toEqual([]);
      expect(r.scope).toEqual({ name: 'codex_otel::metrics::client' });
      expect(r.timeUnixMs).toBe(0);
      expect(r.observedTimeUnixMs).toBeGreaterThan(0);
      expect(r.otlpEventName).toBe('event otel/src/metrics/client.rs:330');
      expect(r.resource.attributes).toEqual(
        (EVENTS_30K.find((e) => e.record.resource === r.resource) as SimEvent).record.resource.attributes,
      );
    }
  });

  it('ends every finished conversation, once, as its last record', () => {
    const one = run({ ...PROFILE, concurrentSessions: 1 }, 4000);
    let conversations = 0;
    one.forEach((e, i) => {
      if (name(e) === 'codex.conversation_starts') {
        conversations++;
        if (i > 0) expect(isFlush(one[i - 1] as SimEvent)).toBe(true);
      }
      if (isFlush(e) && i + 1 < one.length)
        expect(name(one[i + 1] as SimEvent)).toBe('codex.conversation_starts');
    });
    expect(one.filter(isFlush).length).toBeGreaterThanOrEqual(conversations - 1);
    expect(conversations).toBeGreaterThan(5);
  });
});

describe('codex metrics', () => {
  const metrics = ALL_30K.flatMap((e) => e.metrics.map((m) => ({ m, e })));
  const documented = metrics.filter(({ m }) => !(m.name in RUNTIME_METRICS));

  it('runtime instruments: the kind, unit, bound count and attribute keys of the real client', () => {
    const problems: string[] = [];
    const keys = new Map<string, Set<string>>();
    for (const { m } of metrics) {
      const spec = RUNTIME_METRICS[m.name];
      if (!spec) continue;
      if (m.kind !== spec.kind || m.unit !== spec.unit) problems.push(`${m.name}: ${m.kind} ${m.unit}`);
      if (m.kind === 'sum' && m.valueType !== 'int') problems.push(`${m.name}: sum valueType ${m.valueType}`);
      if (m.kind === 'histogram' && m.explicitBounds?.length !== spec.bounds)
        problems.push(`${m.name}: bounds`);
      if (m.description !== (m.unit === 'ms' ? 'Duration in milliseconds.' : ''))
        problems.push(`${m.name}: description`);
      if (m.scope.name !== 'codex') problems.push(`${m.name}: scope`);
      let set = keys.get(m.name);
      if (!set) keys.set(m.name, (set = new Set()));
      for (const [k, v] of m.attributes) {
        set.add(k);
        if (tagOf(v) !== 's') problems.push(`${m.name}: ${k} not a string`);
      }
    }
    expect([...new Set(problems)].slice(0, 10)).toEqual([]);
    // The sampled rollout persistence metrics have their own test; all others appear in a 30k-event run.
    const expected = Object.keys(RUNTIME_METRICS).filter((n) => !n.startsWith('codex.rollout.persistence.'));
    for (const metric of expected)
      expect([metric, [...(keys.get(metric) ?? [])].sort()]).toEqual([metric, RUNTIME_METRICS[metric]?.keys]);
  });

  it('processes with a sampled rollout item send the persistence metrics with the real keys, at exit', () => {
    const many = run({ ...PROFILE, concurrentSessions: 20, promptsPerSession: [1, 1] }, 60_000);
    const names = new Map<string, Set<string>>();
    for (const e of many)
      for (const m of e.metrics)
        if (m.name.startsWith('codex.rollout.persistence.')) {
          expect(isFlush(e)).toBe(true);
          const set = names.get(m.name) ?? new Set<string>();
          for (const [k] of m.attributes) set.add(k);
          names.set(m.name, set);
        }
    expect([...names.keys()].sort()).toEqual(
      Object.keys(RUNTIME_METRICS)
        .filter((n) => n.startsWith('codex.rollout.persistence.'))
        .sort(),
    );
    for (const [metric, set] of names) expect([...set].sort()).toEqual(RUNTIME_METRICS[metric]?.keys);
  });

  it('process, prompt, request and tool metrics follow their events', () => {
    const on = (metric: string): string[] => [
      ...new Set(metrics.filter(({ m }) => m.name === metric).map(({ e }) => name(e))),
    ];
    expect(on('codex.process.start')).toEqual(['codex.conversation_starts']);
    expect(on('codex.startup.phase.duration_ms')).toEqual(['codex.startup_phase']);
    expect(on('codex.skills.shadow_selection')).toEqual(['codex.user_prompt']);
    expect(on('codex.tools.registered')).toEqual(['codex.api_request']);
    expect(on('codex.tool.unified_exec')).toEqual(['codex.tool_result']);
    const starts = EVENTS_30K.filter((e) => name(e) === 'codex.conversation_starts').length;
    const processStarts = metrics
      .filter(({ m }) => m.name === 'codex.process.start')
      .reduce((a, { m }) => a + m.value, 0);
    expect(processStarts).toBe(starts);
    const turns = metrics.filter(({ m }) => m.name === 'codex.conversation.turn.count').length;
    expect(metrics.filter(({ m }) => m.name === 'codex.turn.tool.call').length).toBe(turns);
  });

  it('data points: string attribute values, the right kind, unit, bounds, scope and metrics resource', () => {
    const problems: string[] = [];
    for (const { m } of documented) {
      const spec = METRICS[m.name];
      if (!spec) {
        problems.push(`unknown metric ${m.name}`);
        continue;
      }
      problems.push(...schemaProblems(m.name, m.attributes, METRIC_COMMON, spec.attributes));
      if (m.kind !== spec.kind || m.unit !== spec.unit) problems.push(`${m.name}: ${m.kind} ${m.unit}`);
      if (m.kind === 'sum' && m.valueType !== 'int') problems.push(`${m.name}: sum valueType ${m.valueType}`);
      if (spec.bounds && JSON.stringify(m.explicitBounds) !== JSON.stringify(spec.bounds))
        problems.push(`${m.name}: bounds`);
      if (m.scope.name !== 'codex' || m.scope.version !== undefined) problems.push(`${m.name}: scope`);
      for (const [k, v] of m.attributes) if (tagOf(v) !== 's') problems.push(`${m.name}: ${k} not a string`);
      if (schemaProblems('metrics resource', m.resource.attributes, METRICS_RESOURCE).length)
        problems.push(`${m.name}: resource`);
    }
    expect([...new Set(problems)].slice(0, 10)).toEqual([]);
    expect(new Set(documented.map(({ m }) => m.name)).size).toBe(Object.keys(METRICS).length);
  });

  it('counts match the events: api requests by status, sse events by kind, tool calls, threads', () => {
    const count = (
      metric: string,
      key: (m: (typeof metrics)[number]['m']) => string,
    ): Map<string, number> => {
      const out = new Map<string, number>();
      for (const { m } of metrics) if (m.name === metric) out.set(key(m), (out.get(key(m)) ?? 0) + m.value);
      return out;
    };
    const events = (event: string, key: (e: SimEvent) => string): Map<string, number> => {
      const out = new Map<string, number>();
      for (const e of EVENTS_30K) if (name(e) === event) out.set(key(e), (out.get(key(e)) ?? 0) + 1);
      return out;
    };
    expect(count('codex.api_request', (m) => str(m.attributes, 'status'))).toEqual(
      events('codex.api_request', (e) => String(int(e.record.attributes, 'http.response.status_code'))),
    );
    // The token-count twin of response.completed is a log record only.
    const generic = (e: SimEvent): string =>
      attr(e.record.attributes, 'input_token_count') ? 'twin' : str(e.record.attributes, 'event.kind');
    const sseRecords = events('codex.sse_event', generic);
    const completed = sseRecords.get('response.completed');
    expect(sseRecords.get('twin')).toBe(completed);
    sseRecords.delete('twin');
    expect(count('codex.sse_event', (m) => str(m.attributes, 'kind'))).toEqual(sseRecords);
    expect(
      count('codex.tool.call', (m) => `${str(m.attributes, 'tool')}|${str(m.attributes, 'success')}`),
    ).toEqual(
      events(
        'codex.tool_result',
        (e) => `${str(e.record.attributes, 'tool_name')}|${str(e.record.attributes, 'success')}`,
      ),
    );
    expect(count('codex.thread.started', () => '')).toEqual(events('codex.conversation_starts', () => ''));
  });

  it('turn.token_usage: one sample per token type per turn, summing the turn’s response.completed counts', () => {
    const fromEvents = new Map<string, number>();
    const fromMetrics = new Map<string, number>();
    const add = (map: Map<string, number>, k: string, v: number): void =>
      void map.set(k, (map.get(k) ?? 0) + v);
    // Turns end with their metrics; count only sse_events before the last turn-closing event.
    const closers = metrics.filter(({ m }) => m.name === 'codex.conversation.turn.count').map(({ e }) => e);
    const lastCloser = EVENTS_30K.lastIndexOf(closers[closers.length - 1] as SimEvent);
    const closedConversations = new Map<string, number>();
    EVENTS_30K.forEach((e, i) => {
      if (closers.includes(e)) closedConversations.set(str(e.record.attributes, 'conversation.id'), i);
    });
    EVENTS_30K.forEach((e, i) => {
      if (i > lastCloser || name(e) !== 'codex.sse_event' || !attr(e.record.attributes, 'input_token_count'))
        return;
      const conv = str(e.record.attributes, 'conversation.id');
      if (i > (closedConversations.get(conv) ?? -1)) return;
      const a = e.record.attributes;
      const model = str(a, 'model');
      add(fromEvents, `${model}|input`, Number(str(a, 'input_token_count')));
      add(fromEvents, `${model}|cached_input`, int(a, 'cached_token_count'));
      add(fromEvents, `${model}|output`, Number(str(a, 'output_token_count')));
      add(fromEvents, `${model}|reasoning_output`, int(a, 'reasoning_token_count'));
    });
    let samples = 0;
    for (const { m } of metrics) {
      if (m.name !== 'codex.turn.token_usage') continue;
      samples++;
      const type = str(m.attributes, 'token_type');
      if (['input', 'cached_input', 'output', 'reasoning_output'].includes(type))
        add(fromMetrics, `${str(m.attributes, 'model')}|${type}`, m.value);
    }
    expect(samples).toBe(closers.length * 6);
    expect(fromMetrics).toEqual(fromEvents);
  });
});

describe('codex determinism', () => {
  it('the same seed and times give identical events; another seed does not', () => {
    const a = run(PROFILE, 3000);
    expect(JSON.stringify(run(PROFILE, 3000))).toBe(JSON.stringify(a));
    expect(JSON.stringify(run({ ...PROFILE, seed: 10 }, 3000))).not.toBe(JSON.stringify(a));
  });
});
