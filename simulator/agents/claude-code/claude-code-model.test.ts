import { describe, expect, it } from 'vitest';
import type { SimEvent, WorkloadProfile } from '../agent-model.js';
import { anthropicCostUsd, costMicros } from '../shared/prices.js';
import { attr, int, schemaProblems, str, tagOf } from '../shared/schema-check.fixture.js';
import { createClaudeCodeModel } from './claude-code-model.js';
import { STREAMING_SAFE_TOOLS } from './catalog.js';
import { COMMON, EVENT_COMMON, EVENTS, METRICS, RESOURCE } from './schema.fixture.js';

const PROFILE: WorkloadProfile = {
  seed: 42,
  users: 12,
  teams: ['platform', 'web', 'data'],
  concurrentSessions: 6,
  promptsPerSession: [1, 6],
  models: [
    { value: 'claude-opus-4-5-20251101', weight: 2 },
    { value: 'claude-sonnet-4-5-20250929', weight: 3 },
    { value: 'claude-haiku-4-5-20251001', weight: 1 },
  ],
  tools: [
    { value: 'Bash', weight: 4 },
    { value: 'Read', weight: 4 },
    { value: 'Edit', weight: 3 },
    { value: 'Write', weight: 1 },
    { value: 'Grep', weight: 2 },
    { value: 'Glob', weight: 1 },
  ],
  apiErrorRate: 0.08,
  toolRejectRate: 0.15,
  toolFailureRate: 0.1,
  logPrompts: false,
};
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function run(profile: WorkloadProfile, count: number): SimEvent[] {
  const model = createClaudeCodeModel(profile);
  const events: SimEvent[] = [];
  for (let i = 0; i < count; i++) events.push(model.nextEvent(T0 + i * 7));
  return events;
}

const EVENTS_20K = run(PROFILE, 20_000);
const short = (e: SimEvent): string => str(e.record.attributes, 'event.name');

/** Events of completed sessions only (the run cuts the last sessions short), grouped and ordered by sequence. */
function bySession(events: SimEvent[]): Map<string, SimEvent[]> {
  const sessions = new Map<string, SimEvent[]>();
  for (const e of events) {
    const id = str(e.record.attributes, 'session.id');
    let list = sessions.get(id);
    if (!list) sessions.set(id, (list = []));
    list.push(e);
  }
  for (const list of sessions.values())
    list.sort(
      (a, b) => int(a.record.attributes, 'event.sequence') - int(b.record.attributes, 'event.sequence'),
    );
  return sessions;
}

describe('claude code records match telemetry.md', () => {
  it('every record has the exact keys and value types of its event', () => {
    const problems: string[] = [];
    for (const e of EVENTS_20K) {
      const name = short(e);
      const spec = EVENTS[name];
      if (!spec) {
        problems.push(`unknown event ${name}`);
        continue;
      }
      problems.push(...schemaProblems(name, e.record.attributes, COMMON, EVENT_COMMON, ...spec));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const seen = new Set(EVENTS_20K.map(short));
    expect([...seen].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('the schema check catches a wrong value type and a stray key', () => {
    const e = EVENTS_20K.find((x) => short(x) === 'user_prompt') as SimEvent;
    const broken = e.record.attributes.map(([k, v]) =>
      k === 'prompt_length' ? ([k, { i: 20 }] as const) : ([k, v] as const),
    );
    expect(
      schemaProblems('user_prompt', broken, COMMON, EVENT_COMMON, ...(EVENTS.user_prompt ?? [])),
    ).toEqual(['user_prompt: prompt_length is i, expected s']);
    const extra = [...e.record.attributes, ['severity', { s: 'INFO' }] as const];
    expect(schemaProblems('user_prompt', extra, COMMON, EVENT_COMMON, ...(EVENTS.user_prompt ?? []))).toEqual(
      ['user_prompt: unexpected key severity'],
    );
  });

  it('places the name in the body and unprefixed in event.name, sets no severity, time == observed', () => {
    for (const e of EVENTS_20K.slice(0, 2000)) {
      const r = e.record;
      expect(r.agent).toBe('claude_code');
      expect(r.body).toBe(`claude_code.${short(e)}`);
      expect(r.eventName).toBe(r.body);
      expect(r.severityNumber).toBeUndefined();
      expect(r.severityText).toBeUndefined();
      expect(r.otlpEventName).toBeUndefined();
      expect(r.timeUnixMs).toBe(r.observedTimeUnixMs);
      expect(str(r.attributes, 'event.timestamp')).toBe(new Date(r.timeUnixMs).toISOString());
      expect(r.scope).toEqual({ name: 'com.anthropic.claude_code.events', version: '2.1.332' });
      expect(schemaProblems('resource', r.resource.attributes, RESOURCE)).toEqual([]);
      expect(str(r.resource.attributes, 'service.name')).toBe('claude-code');
      expect(str(r.resource.attributes, 'service.version')).toBe('2.1.332');
      expect(r.resource.id % 2).toBe(0);
    }
  });

  it('identities look real: 64-hex user.id, UUID session.id and prompt.id, team.id copied from the resource', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const e of EVENTS_20K.slice(0, 3000)) {
      const a = e.record.attributes;
      expect(str(a, 'user.id')).toMatch(/^[0-9a-f]{64}$/);
      expect(str(a, 'session.id')).toMatch(uuid);
      const p = attr(a, 'prompt.id');
      if (p) expect(str(a, 'prompt.id')).toMatch(uuid);
      expect(str(a, 'team.id')).toBe(str(e.record.resource.attributes, 'team.id'));
      expect(PROFILE.teams).toContain(str(a, 'team.id'));
    }
    const users = new Set(EVENTS_20K.map((e) => str(e.record.attributes, 'user.id')));
    expect(users.size).toBeGreaterThan(1);
    expect(users.size).toBeLessThanOrEqual(PROFILE.users);
  });

  it('redacts prompts unless logPrompts, then sends the text with its length', () => {
    const redacted = EVENTS_20K.filter((e) => short(e) === 'user_prompt');
    expect(redacted.every((e) => str(e.record.attributes, 'prompt') === '<REDACTED>')).toBe(true);
    const logged = run({ ...PROFILE, logPrompts: true }, 3000).filter((e) => short(e) === 'user_prompt');
    expect(logged.length).toBeGreaterThan(0);
    for (const e of logged) {
      const text = str(e.record.attributes, 'prompt');
      expect(text).not.toBe('<REDACTED>');
      expect(str(e.record.attributes, 'prompt_text')).toBe(text);
      expect(str(e.record.attributes, 'prompt_length')).toBe(String(text.length));
    }
  });
});

describe('claude code sessions follow the real order', () => {
  const sessions = bySession(EVENTS_20K);

  it('event.sequence is dense from 0 and startup events come first without prompt.id', () => {
    for (const list of sessions.values()) {
      list.forEach((e, i) => expect(int(e.record.attributes, 'event.sequence')).toBe(i));
      expect(short(list[0] as SimEvent)).toBe('managed_settings_resolved');
      let prompted = false;
      for (const e of list) {
        if (short(e) === 'user_prompt') prompted = true;
        expect(attr(e.record.attributes, 'prompt.id') !== undefined).toBe(prompted);
        if (!prompted) expect(['managed_settings_resolved', 'plugin_loaded']).toContain(short(e));
      }
    }
  });

  it('each prompt is user_prompt, rounds of request + decisions → results, then the answer or a failure', () => {
    const letter: Record<string, string> = {
      user_prompt: 'U',
      tool_decision: 'D',
      api_request: 'R',
      assistant_response: 'A',
      tool_result: 'T',
      api_error: 'E',
      api_retries_exhausted: 'X',
    };
    let prompts = 0;
    let failures = 0;
    let earlyDecisions = 0;
    let lateDecisions = 0;
    const sessionsList = [...sessions.values()];
    // The last events of the run may cut a prompt short; judge only prompts followed by another prompt.
    for (const list of sessionsList) {
      const byPrompt = new Map<string, SimEvent[]>();
      for (const e of list) {
        const p = attr(e.record.attributes, 'prompt.id');
        if (!p) continue;
        const id = str(e.record.attributes, 'prompt.id');
        if (!byPrompt.has(id)) byPrompt.set(id, []);
        byPrompt.get(id)?.push(e);
      }
      const complete = [...byPrompt.values()].slice(0, -1);
      for (const promptEvents of complete) {
        const shape = promptEvents.map((e) => letter[short(e)]).join('');
        // A round: config-allowed streaming-safe decisions, the request, the other decisions, the results.
        // assistant_response only for the final answer (the real client logs none for a tool_use response).
        expect(shape).toMatch(/^U(?:(?:D+RD*|RD+)T*)*(?:RA|EX)?$/);
        if (!/(RA|EX)$/.test(shape)) {
          // Only an abort at a permission prompt ends a prompt without a final answer.
          const last = promptEvents.filter((e) => short(e) === 'tool_decision').pop() as SimEvent;
          expect(str(last.record.attributes, 'source')).toBe('user_abort');
        }
        prompts++;
        if (shape.endsWith('EX')) failures++;
        // A decision carries the request_id of the adjacent api_request whose response asked for the tool: the
        // next one for a config-allowed streaming-safe tool, the previous one otherwise (real: Write rejected
        // after api_request; Bash `echo` allowed by config before it).
        for (let i = 0; i < promptEvents.length; i++) {
          const e = promptEvents[i] as SimEvent;
          if (short(e) !== 'tool_decision') continue;
          const early =
            str(e.record.attributes, 'decision') === 'accept' &&
            str(e.record.attributes, 'source') === 'config' &&
            STREAMING_SAFE_TOOLS.has(str(e.record.attributes, 'tool_name'));
          const request = early
            ? promptEvents.slice(i).find((x) => short(x) === 'api_request')
            : promptEvents
                .slice(0, i)
                .reverse()
                .find((x) => short(x) === 'api_request');
          expect(request).toBeDefined();
          expect(str(e.record.attributes, 'request_id')).toBe(
            str((request as SimEvent).record.attributes, 'request_id'),
          );
          earlyDecisions += early ? 1 : 0;
          lateDecisions += early ? 0 : 1;
        }
        // A rejected tool has no tool_result; an accepted one has exactly one.
        const results = new Map(
          promptEvents
            .filter((e) => short(e) === 'tool_result')
            .map((e) => [str(e.record.attributes, 'tool_use_id'), e]),
        );
        for (const d of promptEvents.filter((e) => short(e) === 'tool_decision')) {
          const accepted = str(d.record.attributes, 'decision') === 'accept';
          expect(results.has(str(d.record.attributes, 'tool_use_id'))).toBe(accepted);
        }
      }
    }
    expect(prompts).toBeGreaterThan(500);
    expect(failures).toBeGreaterThan(0);
    expect(earlyDecisions).toBeGreaterThan(0);
    expect(lateDecisions).toBeGreaterThan(0);
  });

  it('failures log only the final api_error (429/500/529) then api_retries_exhausted, never an api_request', () => {
    const list = EVENTS_20K;
    let seen = 0;
    list.forEach((e, i) => {
      if (short(e) !== 'api_error') return;
      seen++;
      expect([429, 500, 529]).toContain(int(e.record.attributes, 'status_code'));
      const session = str(e.record.attributes, 'session.id');
      const next = list.slice(i + 1).find((x) => str(x.record.attributes, 'session.id') === session);
      if (!next) return;
      expect(short(next)).toBe('api_retries_exhausted');
      expect(int(next.record.attributes, 'status_code')).toBe(int(e.record.attributes, 'status_code'));
      expect(int(next.record.attributes, 'total_attempts')).toBe(int(e.record.attributes, 'attempt'));
    });
    expect(seen).toBeGreaterThan(10);
  });

  it('tool results carry string success/duration and error_type only on failure', () => {
    const results = EVENTS_20K.filter((e) => short(e) === 'tool_result');
    const failed = results.filter((e) => str(e.record.attributes, 'success') === 'false');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of results) {
      const a = e.record.attributes;
      expect(['true', 'false']).toContain(str(a, 'success'));
      expect(str(a, 'duration_ms')).toMatch(/^\d+$/);
      expect(attr(a, 'error_type') !== undefined).toBe(str(a, 'success') === 'false');
      JSON.parse(str(a, 'tool_input'));
      // tool_parameters only for tools with something to report (Bash); absent for the others, as captured.
      if (str(a, 'tool_name') === 'Bash')
        expect(Object.keys(JSON.parse(str(a, 'tool_parameters')) as object)).toEqual([
          'bash_command',
          'full_command',
          'description',
        ]);
      else if (!str(a, 'tool_name').startsWith('mcp__')) expect(attr(a, 'tool_parameters')).toBeUndefined();
      expect(str(a, 'tool_input_size_bytes')).toBe(String(Buffer.byteLength(str(a, 'tool_input'))));
    }
  });
});

describe('claude code cost and tokens', () => {
  it('prices each model per the table and rounds micros as the client does', () => {
    const usage = { input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheCreation: 1_000_000 };
    expect(anthropicCostUsd('claude-opus-4-5-20251101', usage)).toBeCloseTo(5 + 25 + 0.5 + 6.25, 12);
    expect(anthropicCostUsd('claude-opus-5', usage)).toBeCloseTo(36.75, 12);
    expect(anthropicCostUsd('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(3 + 15 + 0.3 + 3.75, 12);
    expect(anthropicCostUsd('claude-sonnet-5', usage)).toBeCloseTo(2 + 10 + 0.2 + 2.5, 12);
    expect(anthropicCostUsd('claude-haiku-4-5-20251001', usage)).toBeCloseTo(1 + 5 + 0.1 + 1.25, 12);
    expect(anthropicCostUsd('some-unknown-model', usage)).toBeCloseTo(22.05, 12);
    // The published session: input 751, output 1,863, cache creation 2,136, cache read 78,465 on Sonnet 4.x.
    const published = anthropicCostUsd('claude-sonnet-4-5', {
      input: 751,
      output: 1863,
      cacheRead: 78465,
      cacheCreation: 2136,
    });
    expect(published).toBeCloseTo((751 * 3 + 1863 * 15 + 78465 * 0.3 + 2136 * 3.75) / 1e6, 15);
    expect(costMicros(0.0123455)).toBe(12346);
  });

  it('every api_request cost matches its tokens, and cache reads dominate', () => {
    let read = 0;
    let other = 0;
    for (const e of EVENTS_20K.filter((x) => short(x) === 'api_request')) {
      const a = e.record.attributes;
      const cost = anthropicCostUsd(str(a, 'model'), {
        input: int(a, 'input_tokens'),
        output: int(a, 'output_tokens'),
        cacheRead: int(a, 'cache_read_tokens'),
        cacheCreation: int(a, 'cache_creation_tokens'),
      });
      const v = attr(a, 'cost_usd');
      expect(v && 'd' in v ? v.d : NaN).toBe(cost);
      expect(int(a, 'cost_usd_micros')).toBe(Math.round(cost * 1e6));
      expect(int(a, 'cache_creation_5m_tokens') + int(a, 'cache_creation_1h_tokens')).toBe(
        int(a, 'cache_creation_tokens'),
      );
      expect(int(a, 'ttft_ms')).toBeLessThanOrEqual(int(a, 'duration_ms'));
      const effort = attr(a, 'effort');
      expect(effort !== undefined).toBe(str(a, 'model').includes('opus'));
      read += int(a, 'cache_read_tokens');
      other += int(a, 'input_tokens') + int(a, 'output_tokens') + int(a, 'cache_creation_tokens');
    }
    expect(read).toBeGreaterThan(other * 3);
  });
});

describe('claude code metrics', () => {
  const metrics = EVENTS_20K.flatMap((e) => e.metrics.map((m) => ({ m, e })));

  it('every data point has the common attributes, its own keys, double values and the right unit and scope', () => {
    const problems: string[] = [];
    for (const { m, e } of metrics) {
      const spec = METRICS[m.name];
      if (!spec) {
        problems.push(`unknown metric ${m.name}`);
        continue;
      }
      problems.push(...schemaProblems(m.name, m.attributes, COMMON, spec.attributes));
      const shape = [m.unit, m.kind, m.valueType, m.scope.name, m.scope.version].join(' ');
      if (shape !== `${spec.unit} sum double com.anthropic.claude_code 2.1.332`)
        problems.push(`${m.name}: ${shape}`);
      if (m.resource !== e.record.resource) problems.push(`${m.name}: resource differs from its event's`);
      if (str(m.attributes, 'session.id') !== str(e.record.attributes, 'session.id'))
        problems.push(`${m.name}: session.id`);
      if (!(m.value >= 0)) problems.push(`${m.name}: value ${m.value}`);
      for (const [k, v] of m.attributes)
        if (tagOf(v) !== 's' && tagOf(v) !== 'b') problems.push(`${m.name}: ${k} is ${tagOf(v)}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(new Set(metrics.map(({ m }) => m.name)).size).toBeGreaterThanOrEqual(7);
  });

  it('OTEL_METRICS_INCLUDE_*: leaves session.id / user.account_uuid off data points, adds app.version, events unchanged', () => {
    const events = run(
      { ...PROFILE, metricsInclude: { sessionId: false, accountUuid: false, version: true } },
      3000,
    );
    const defaults = run(PROFILE, 3000);
    expect(events.map((e) => e.record.attributes)).toEqual(defaults.map((e) => e.record.attributes));
    let withUuidOnEvent = 0;
    for (const e of events) {
      if (e.record.attributes.some(([k]) => k === 'user.account_uuid')) withUuidOnEvent++;
      for (const m of e.metrics) {
        const keys = m.attributes.map(([k]) => k);
        expect(keys).not.toContain('session.id');
        expect(keys).not.toContain('user.account_uuid');
        expect(keys.slice(0, 2)).toEqual(['user.id', 'app.version']);
        expect(str(m.attributes, 'app.version')).toBe('2.1.332');
        expect(m.session).toBeUndefined();
      }
    }
    expect(withUuidOnEvent).toBeGreaterThan(0);
    const versionAfterSession = run(
      { ...PROFILE, metricsInclude: { sessionId: true, accountUuid: true, version: true } },
      50,
    )
      .flatMap((e) => e.metrics)
      .map((m) => m.attributes.slice(0, 3).map(([k]) => k));
    expect(versionAfterSession[0]).toEqual(['user.id', 'session.id', 'app.version']);
  });

  it('token.usage and cost.usage sum exactly to the api_request attributes, per model and type', () => {
    const fromEvents = new Map<string, number>();
    const fromMetrics = new Map<string, number>();
    const add = (map: Map<string, number>, key: string, v: number): void =>
      void map.set(key, (map.get(key) ?? 0) + v);
    for (const e of EVENTS_20K.filter((x) => short(x) === 'api_request')) {
      const a = e.record.attributes;
      const model = str(a, 'model');
      add(fromEvents, `${model}|input`, int(a, 'input_tokens'));
      add(fromEvents, `${model}|output`, int(a, 'output_tokens'));
      add(fromEvents, `${model}|cacheRead`, int(a, 'cache_read_tokens'));
      add(fromEvents, `${model}|cacheCreation`, int(a, 'cache_creation_tokens'));
      const cost = attr(a, 'cost_usd');
      add(fromEvents, `${model}|cost`, cost && 'd' in cost ? cost.d : NaN);
    }
    for (const { m } of metrics) {
      if (m.name === 'claude_code.token.usage')
        add(fromMetrics, `${str(m.attributes, 'model')}|${str(m.attributes, 'type')}`, m.value);
      if (m.name === 'claude_code.cost.usage')
        add(fromMetrics, `${str(m.attributes, 'model')}|cost`, m.value);
    }
    expect(fromMetrics).toEqual(fromEvents);
  });

  it('session.count is one per session; lines of code come only from successful edits and writes', () => {
    const sessionCounts = metrics.filter(({ m }) => m.name === 'claude_code.session.count');
    expect(sessionCounts.length).toBe(
      EVENTS_20K.filter((e) => short(e) === 'managed_settings_resolved').length,
    );
    for (const { m, e } of metrics.filter(({ m: x }) => x.name === 'claude_code.lines_of_code.count')) {
      expect(short(e)).toBe('tool_result');
      expect(str(e.record.attributes, 'success')).toBe('true');
      expect(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']).toContain(str(e.record.attributes, 'tool_name'));
      expect(m.value).toBeGreaterThan(0);
    }
    for (const { e } of metrics.filter(({ m: x }) => x.name === 'claude_code.code_edit_tool.decision')) {
      expect(short(e)).toBe('tool_decision');
    }
  });

  it('names its session on every increment, ends each session once, and never touches an ended one', () => {
    const ended = new Set<object>();
    let ends = 0;
    for (const e of EVENTS_20K) {
      for (const m of e.metrics) {
        expect(m.session).toBeDefined();
        expect(ended.has(m.session!)).toBe(false);
      }
      if (e.endsSession) {
        expect(ended.has(e.endsSession)).toBe(false);
        ended.add(e.endsSession);
        ends++;
      }
    }
    // Every session has ended but at most the ones still in their slots at the end.
    const sessions = EVENTS_20K.filter((e) => short(e) === 'managed_settings_resolved').length;
    expect(ends).toBeGreaterThanOrEqual(sessions - PROFILE.concurrentSessions);
    expect(ends).toBeLessThanOrEqual(sessions);
  });
});

describe('claude code determinism', () => {
  it('the same seed and times give identical events; another seed does not', () => {
    const a = run(PROFILE, 3000);
    const b = run(PROFILE, 3000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = run({ ...PROFILE, seed: 43 }, 3000);
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('rejects an impossible profile with a one-line error', () => {
    expect(() => createClaudeCodeModel({ ...PROFILE, users: 0 })).toThrow(
      'claude_code workload: users must be an integer ≥ 1 (got 0)',
    );
    expect(() => createClaudeCodeModel({ ...PROFILE, apiErrorRate: 2 })).toThrow(
      /apiErrorRate must be between 0 and 1/,
    );
  });
});
