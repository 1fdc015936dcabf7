import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { listBuiltinScenarios, loadScenario, parseScenario } from './load-scenario.js';
import { resolveSimulationFlags as resolveSimulationConfig } from '../cli/options/simulate-flags.js';

describe('built-in scenarios', () => {
  it('every built-in loads and resolves to a runnable config', async () => {
    const all = await listBuiltinScenarios();
    expect(all.map((s) => s.name).sort()).toEqual([
      'burst',
      'codex-heavy',
      'cost-spike',
      'error-storm',
      'smoke',
      'soak',
      'team-day',
      'team-steady',
      'throughput',
    ]);
    for (const s of all) {
      const config = await resolveSimulationConfig({ scenario: s.name, endpoint: '127.0.0.1:4317' });
      expect(config.agentShare.claude_code + config.agentShare.codex).toBeGreaterThan(0);
      expect(config.stages?.length).toBeGreaterThan(0);
    }
  });

  it('smoke is modest: 500/s for 30 s', async () => {
    const config = await resolveSimulationConfig({ scenario: 'smoke', endpoint: '127.0.0.1:4317' });
    expect(config.stages).toEqual([{ durationMs: 30_000, targetPerSec: 500 }]);
  });

  it('declares the alerts a run fires (smoke: none) and drops them when the load is overridden', async () => {
    const spike = await resolveSimulationConfig({ scenario: 'cost-spike', endpoint: '127.0.0.1:4317' });
    expect(spike.expectedAlerts).toEqual([
      { alert: 'AimonSpendSpike', labels: { team_id: 'platform' } },
      { alert: 'AimonDailySpendOverBudget', labels: { team_id: 'platform' } },
    ]);
    const smoke = await resolveSimulationConfig({ scenario: 'smoke', endpoint: '127.0.0.1:4317' });
    expect(smoke.expectedAlerts).toEqual([]);
    for (const override of [{ rate: '5000/s' }, { duration: '5m' }, { count: '10' }]) {
      const config = await resolveSimulationConfig({
        scenario: 'smoke',
        endpoint: '127.0.0.1:4317',
        ...override,
      });
      expect(config.expectedAlerts).toBeUndefined();
    }
    expect(() => parseScenario('expectAlerts: [{ alert: X, severity: high }]', 'x.yaml')).toThrow(
      'x.yaml:1: expectAlerts[0].severity is not a known key',
    );
  });

  it('names the unknown scenario and the built-ins', async () => {
    await expect(loadScenario('nope')).rejects.toThrow(
      /scenario "nope" is neither a built-in \(burst, codex-heavy/,
    );
  });
});

describe('scenario validation errors: file, line, what is wrong', () => {
  const check = (text: string, message: string): void => {
    expect(() => parseScenario(text, 'x.yaml')).toThrow(UserError);
    expect(() => parseScenario(text, 'x.yaml')).toThrow(message);
  };

  it('an unknown key, on its own line', () =>
    check('rate: 5/s\nduraton: 30s\n', 'x.yaml:2: duraton is not a known key'));
  it('a wrong type inside a nested map', () =>
    check(
      'rate: 5/s\nagents:\n  codex:\n    share: lots\n',
      'x.yaml:4: agents.codex.share expected number, received string',
    ));
  it("Claude's metric switches: a misspelt one, and none for Codex", () => {
    check(
      'agents:\n  claudeCode:\n    share: 1\n    metricsInclude:\n      sessionID: false\n',
      'x.yaml:5: agents.claudeCode.metricsInclude.sessionID is not a known key',
    );
    check(
      'agents:\n  codex:\n    share: 1\n    metricsInclude: { sessionId: false }\n',
      'x.yaml:4: agents.codex.metricsInclude is not a known key',
    );
  });
  it('Claude metric switches reach the profile, over the defaults', async () => {
    const config = await resolveSimulationConfig({ scenario: 'soak', endpoint: '127.0.0.1:4317' });
    expect(config.profiles.claude_code.metricsInclude).toEqual({
      sessionId: false,
      accountUuid: true,
      version: false,
    });
  });
  it('an out-of-range rate', () =>
    check('users: 3\napiErrorRate: 1.5\n', 'x.yaml:2: apiErrorRate Too big: expected number to be <=1'));
  it('a stage without its target', () =>
    check('stages:\n  - duration: 5s\n    tagret: 5/s\n', 'x.yaml:2: stages[0].target is missing'));
  it('a misspelt stage key', () =>
    check(
      'stages:\n  - duration: 5s\n    target: 5/s\n    tagret: 5/s\n',
      'x.yaml:4: stages[0].tagret is not a known key',
    ));
  it('rate and stages together', () =>
    check(
      'rate: 5/s\nstages:\n  - { duration: 5s, target: 5/s }\n',
      'x.yaml:3: stages use either rate or stages',
    ));
  it('broken YAML', () => check('rate: [5/s\n', 'x.yaml:2: invalid YAML'));
  it('an empty file, or one with only comments', () => {
    check('', 'x.yaml:1: the scenario is empty');
    check('# nothing here\n\n', 'x.yaml:1: the scenario is empty');
  });
  it('a YAML alias bomb, refused before it is expanded', () => {
    const level = (name: string, of: string): string =>
      `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]\n`;
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${level('b', 'a')}${level('c', 'b')}${level('d', 'c')}${level('e', 'd')}`;
    check(bomb, 'x.yaml:3: too many YAML aliases (36; a scenario may use at most 16)');
  });
  it('a few aliases are fine; few that expand too far are not', () => {
    const models =
      'agents:\n  claudeCode: { share: 1, models: &m { claude-sonnet-4-5: 1 } }\n  codex: { share: 1, models: *m }\n';
    expect(parseScenario(models, 'x.yaml').agents?.codex?.models).toEqual({ 'claude-sonnet-4-5': 1 });
    const level = (name: string, of: string, anchor = true): string =>
      `${name}: ${anchor ? `&${name} ` : ''}[${Array(5).fill(`*${of}`).join(', ')}]\n`;
    const nested = `a: &a [x]\n${level('b', 'a')}${level('c', 'b')}${level('d', 'c', false)}`; // 15 aliases
    check(nested, 'x.yaml: invalid YAML: Excessive alias count');
  });
  it('sizes past the caps, naming the field and the cap', () => {
    check('users: 1e12\n', "x.yaml:1: users must be at most 100,000 (the simulator's cap)");
    check(
      'users: 3\nconcurrentSessions: 1000000000000\n',
      "x.yaml:2: concurrentSessions must be at most 10,000 (the simulator's cap)",
    );
    check('promptsPerSession: [1, 1e9]\n', 'x.yaml:1: promptsPerSession[1] must be at most 100,000');
  });
  it('a scenario that is not a regular file is not read', async () => {
    await expect(loadScenario('/dev/zero')).rejects.toThrow('scenario /dev/zero is not a regular file');
  });
  it('a run length of 0s is caught when resolved', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/aimon-scenario-');
    await writeFile(`${dir}/zero.yaml`, 'rate: 5/s\nduration: 0s\n');
    await expect(
      resolveSimulationConfig({ scenario: `${dir}/zero.yaml`, endpoint: '127.0.0.1:1' }),
    ).rejects.toThrow(`${dir}/zero.yaml: duration "0s" is not a run length (expected more than 0, e.g. 30s)`);
    await expect(
      resolveSimulationConfig({ scenario: 'smoke', duration: '0s', endpoint: '127.0.0.1:1' }),
    ).rejects.toThrow('--duration "0s" is not a run length');
  });
  it('a bad rate text is caught when resolved, with the file', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/aimon-scenario-');
    await writeFile(`${dir}/bad.yaml`, 'rate: abc/s\n');
    await expect(
      resolveSimulationConfig({ scenario: `${dir}/bad.yaml`, endpoint: '127.0.0.1:1' }),
    ).rejects.toThrow(`${dir}/bad.yaml: rate "abc/s" is not a rate`);
  });
});
