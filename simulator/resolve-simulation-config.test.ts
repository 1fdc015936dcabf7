import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import type { LoadedScenario } from '../scenarios/load-scenario.js';
import { resolveSimulationConfig, type ResolvableOptions } from './resolve-simulation-config.js';

const scenario: LoadedScenario = {
  name: 'inline',
  file: 'inline.yaml',
  scenario: { rate: '20/s', duration: '10s', seed: 5 } as LoadedScenario['scenario'],
};
const target: ResolvableOptions['target'] = { protocol: 'grpc', endpoint: '127.0.0.1:4317' };

describe('resolveSimulationConfig (pure scenario resolution)', () => {
  it('gives the same config for the same inputs, with the run id it is handed', () => {
    const options: ResolvableOptions = { runId: 'r-1', target, ledgerFile: '/tmp/l.json' };
    const a = resolveSimulationConfig(scenario, options);
    expect(resolveSimulationConfig(scenario, options)).toEqual(a);
    expect(a).toMatchObject({
      runId: 'r-1',
      seed: 5,
      targetPerSec: 20,
      durationMs: 10_000,
      stages: [{ durationMs: 10_000, targetPerSec: 20 }],
      ledgerFile: '/tmp/l.json',
      protocol: 'grpc',
    });
  });

  it('options beat the scenario: a rate replaces its plan, a duration cuts it', () => {
    const config = resolveSimulationConfig(scenario, { runId: 'r', target, ratePerSec: 5, durationMs: 2000 });
    expect(config.stages).toEqual([{ durationMs: 2000, targetPerSec: 5 }]);
    expect(
      resolveSimulationConfig(scenario, { runId: 'r', target, ratePerSec: 'max', count: 9 }).stages,
    ).toBe(null);
  });

  it('reads no working directory: a relative path is refused, not resolved', () => {
    for (const options of [
      { runId: 'r', output: 'out.jsonl' },
      { runId: 'r', target, ledgerFile: 'ledger.json' },
    ] as ResolvableOptions[]) {
      expect(() => resolveSimulationConfig(scenario, options)).toThrow(/must be an absolute path/);
    }
  });

  it('every bad option is a one-line UserError naming it', () => {
    const cases: Array<[Partial<ResolvableOptions>, RegExp]> = [
      [{ runId: 'a b' }, /^run id "a b" is not a run id/],
      [{ count: 0 }, /^count 0 is not a positive integer/],
      [{ metricIntervalMs: 5 }, /^metricIntervalMs 5 must be at least 10/],
      [{ output: '/tmp/x' }, /^give either a target/],
      [{ target: undefined }, /^no OTLP target/],
      [{ ratePerSec: 'max', durationMs: Infinity }, /^--rate max needs --count N or a finite --duration/],
    ];
    for (const [overrides, message] of cases) {
      const error = (() => {
        try {
          resolveSimulationConfig(scenario, { runId: 'r', target, ...overrides } as ResolvableOptions);
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(message)).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
