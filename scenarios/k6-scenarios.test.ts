import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../cli/options/simulate-flags.js';
import { loadScenario, parseScenario } from './load-scenario.js';

const TWO_LOADS = `name: two
scenarios:
  steady:
    executor: constant-arrival-rate
    rate: 120
    timeUnit: 1m
    duration: 1m30s
    preAllocatedVUs: 3
    agents: { claudeCode: { share: 1 } }
    teams: [web]
  spike:
    executor: ramping-arrival-rate
    startTime: 30s
    startRate: 0
    timeUnit: 1s
    preAllocatedVUs: 5
    stages:
      - { duration: 10s, target: 50 }
      - { duration: 10s, target: 0 }
    agents: { codex: { share: 1 } }
    teams: [data]
thresholds:
  lag_ms: ['p(99)<2000', 'avg<500']
  missed: ['count==0']
  ingest_rate: ['avg>9000']
  failed: ['rate<0.001']
  dashboard_mismatches: ['count==0']
`;

const check = (text: string, message: string): void => {
  expect(() => parseScenario(text, 'x.yaml')).toThrow(UserError);
  expect(() => parseScenario(text, 'x.yaml')).toThrow(message);
};

async function resolveText(text: string, overrides: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'aimon-k6-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, text);
  return resolveSimulationConfig({ scenario: file, endpoint: '127.0.0.1:4317', ...overrides });
}

describe("k6's scenario form: validation", () => {
  it('two named loads with thresholds parse', () => {
    const parsed = parseScenario(TWO_LOADS, 'x.yaml');
    expect(Object.keys(parsed.scenarios!)).toEqual(['steady', 'spike']);
    expect(parsed.thresholds!.lag_ms).toEqual(['p(99)<2000', 'avg<500']);
  });

  it('names the stage whose duration is not a duration, with its line', () =>
    check(
      'scenarios:\n  spike:\n    executor: ramping-arrival-rate\n    preAllocatedVUs: 2\n    stages:\n      - { duration: 10s, target: 5 }\n      - { duration: abc, target: 5 }\n',
      'x.yaml:7: scenarios.spike.stages[1].duration: "abc" is not a duration (expected e.g. 30s, 1m30s, 500ms)',
    ));
  it('a k6 executor aimon does not run, and a missing executor', () => {
    check(
      'scenarios:\n  a:\n    executor: ramping-vus\n    stages: []\n',
      'x.yaml:3: scenarios.a.executor: "ramping-vus" is not an executor aimon runs (expected constant-arrival-rate or ramping-arrival-rate)',
    );
    check('scenarios:\n  a:\n    rate: 5\n', 'x.yaml:3: scenarios.a.executor is missing');
  });
  it("k6's required preAllocatedVUs, and keys of the other executor", () => {
    check(
      'scenarios:\n  a:\n    executor: constant-arrival-rate\n    rate: 5\n    duration: 5s\n',
      'x.yaml:3: scenarios.a.preAllocatedVUs is missing',
    );
    check(
      'scenarios:\n  a:\n    executor: constant-arrival-rate\n    rate: 5\n    duration: 5s\n    preAllocatedVUs: 1\n    stages: []\n',
      'x.yaml:7: scenarios.a.stages is not a known key',
    );
  });
  it('a bare number is not a k6 duration, nor is inf', () => {
    check(
      'scenarios:\n  a:\n    executor: constant-arrival-rate\n    rate: 5\n    duration: "30"\n    preAllocatedVUs: 1\n',
      'x.yaml:5: scenarios.a.duration: "30" is not a duration',
    );
    check(
      'scenarios:\n  a:\n    executor: constant-arrival-rate\n    rate: 5\n    duration: 5s\n    startTime: inf\n    preAllocatedVUs: 1\n',
      'x.yaml:6: scenarios.a.startTime: "inf" is not a duration',
    );
  });
  it('named scenarios and a top-level rate do not mix', () =>
    check(
      'rate: 5/s\nscenarios:\n  a: { executor: constant-arrival-rate, rate: 5, duration: 5s, preAllocatedVUs: 1 }\n',
      'x.yaml:1: rate cannot be used with named scenarios',
    ));
  it('thresholds: an unknown metric, a broken expression, an aggregation the metric type lacks', () => {
    check(
      "thresholds:\n  lag: ['p(99)<1']\n",
      'x.yaml:2: thresholds.lag is not an aimon metric (known: lag_ms, ingest_rate, missed, failed',
    );
    check(
      "thresholds:\n  lag_ms: ['p(99)<1', 'p99 < 1']\n",
      'x.yaml:2: thresholds.lag_ms[1]: "p99 < 1" is not a threshold (expected <aggregation><operator><number>, e.g. p(99)<2000, count==0)',
    );
    check(
      "thresholds:\n  failed: ['count==0']\n",
      'x.yaml:2: thresholds.failed[0]: "count==0": failed is a rate metric, which has rate (not count)',
    );
  });
  it('the flat form still validates as before', () =>
    check('stages:\n  - duration: 5s\n    tagret: 5/s\n', 'x.yaml:2: stages[0].target is missing'));
});

describe('population model: validation', () => {
  it('people and a rate: one follows from the other, so only one may be given', () =>
    check(
      'loadModel: population\nrate: 100/s\npopulation: { users: 10 }\n',
      'x.yaml:2: rate and population.users: give one, the population model derives the other',
    ));
  it('users and sessions follow from the population', () =>
    check(
      'population: { users: 10 }\nloadModel: population\nconcurrentSessions: 4\n',
      'x.yaml:3: concurrentSessions follows from population: (remove it)',
    ));
  it('a population needs loadModel: population, and timeScale does not belong to the rate model', () => {
    check(
      'population: { users: 10 }\n',
      'x.yaml:1: loadModel is missing (population needs loadModel: population)',
    );
    check(
      'loadModel: rate\nrate: 5/s\ntimeScale: 60\n',
      'x.yaml:3: timeScale belongs to loadModel: population',
    );
  });
});

describe("k6's scenario form: resolved", () => {
  it('each load gets its rate per second, its start, its stages, its mix; preAllocatedVUs add up to the cap', async () => {
    const config = await resolveText(TWO_LOADS);
    const [steady, spike] = config.loads!;
    expect(steady).toMatchObject({
      name: 'steady',
      startMs: 0,
      stages: [{ durationMs: 90_000, targetPerSec: 2 }],
    });
    expect(steady!.agentShare).toEqual({ claude_code: 1, codex: 0 });
    expect(steady!.profiles.claude_code.teams).toEqual(['web']);
    expect(spike).toMatchObject({
      name: 'spike',
      startMs: 30_000,
      startPerSec: 0,
      stages: [
        { durationMs: 10_000, targetPerSec: 50 },
        { durationMs: 10_000, targetPerSec: 0 },
      ],
    });
    expect(spike!.agentShare).toEqual({ claude_code: 0, codex: 1 });
    expect(spike!.profiles.codex.resourceIdBase).not.toBe(steady!.profiles.claude_code.resourceIdBase);
    expect(config.maxInFlight).toBe(8);
    expect(config.durationMs).toBe(90_000);
    // The summed rate, for progress: 2/s, +0 → 50/s over 10 s, back to 0, 2/s again.
    expect(config.stages).toEqual([
      { durationMs: 0, targetPerSec: 2 },
      { durationMs: 30_000, targetPerSec: 2 },
      { durationMs: 10_000, targetPerSec: 52 },
      { durationMs: 10_000, targetPerSec: 2 },
      { durationMs: 40_000, targetPerSec: 2 },
    ]);
    expect(config.thresholds!.map((t) => `${t.metric} ${t.aggregation} ${t.operator} ${t.value}`)).toEqual([
      'lag_ms p(99) < 2000',
      'lag_ms avg < 500',
      'missed count == 0',
      'ingest_rate avg > 9000',
      'failed rate < 0.001',
      'dashboard_mismatches count == 0',
    ]);
  });

  it('--rate replaces the named loads with one constant load; --duration ends the run', async () => {
    const one = await resolveText(TWO_LOADS, { rate: '10/s', duration: '5s' });
    expect(one.loads).toBeUndefined();
    expect(one.stages).toEqual([{ durationMs: 5000, targetPerSec: 10 }]);
    const cut = await resolveText(TWO_LOADS, { duration: '40s' });
    expect(cut.loads).toHaveLength(2);
    expect(cut.durationMs).toBe(40_000);
  });

  it('Codex in two named loads with a team in common is refused (one delta stream, two writers)', async () => {
    const text = TWO_LOADS.replace(
      'agents: { claudeCode: { share: 1 } }',
      'agents: { codex: { share: 1 } }',
    ).replace('teams: [data]', 'teams: [data, web]');
    await expect(resolveText(text)).rejects.toThrow(
      ': scenarios.spike.teams: Codex in scenarios steady and spike needs different teams (both have web)',
    );
  });

  it('burst, in the k6 form, schedules what its old flat form did', async () => {
    const loaded = await loadScenario('burst');
    expect(loaded.scenario.scenarios?.spike?.executor).toBe('ramping-arrival-rate');
    const config = await resolveSimulationConfig({ scenario: 'burst', endpoint: '127.0.0.1:4317' });
    expect(config.loads).toHaveLength(1);
    expect(config.loads![0]!.startPerSec).toBe(100);
    expect(config.durationMs).toBe(50_000);
    expect(config.maxInFlight).toBe(8);
    expect(config.loadModel).toBe('rate');
  });

  it('team-day: the rate follows from 200 people at timeScale 60', async () => {
    const config = await resolveSimulationConfig({ scenario: 'team-day', endpoint: '127.0.0.1:4317' });
    expect(config.loadModel).toBe('population');
    expect(config.population).toMatchObject({ users: 200, timeScale: 60, sessionWallSeconds: 30 });
    expect(config.stages).toEqual([{ durationMs: 60_000, targetPerSec: config.population!.ratePerSec }]);
    expect(config.profiles.claude_code.concurrentSessions).toBe(150);
    expect(config.profiles.codex.concurrentSessions).toBe(50);
    expect(config.profiles.claude_code.promptsPerSession).toEqual([3, 9]);
  });
});
