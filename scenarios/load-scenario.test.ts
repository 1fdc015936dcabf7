import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { listBuiltinScenarios, loadScenario, parseScenario } from './load-scenario.js';
import { resolveSimulationConfig } from '../simulator/resolve-simulation-config.js';

describe('built-in scenarios', () => {
  it('every built-in loads and resolves to a runnable config', async () => {
    const all = await listBuiltinScenarios();
    expect(all.map((s) => s.name).sort()).toEqual([
      'burst',
      'codex-heavy',
      'error-storm',
      'smoke',
      'soak',
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
    check('stages:\n  - duration: 5s\n    tagret: 5/s\n', 'x.yaml:2: stages.0.target is missing'));
  it('a misspelt stage key', () =>
    check(
      'stages:\n  - duration: 5s\n    target: 5/s\n    tagret: 5/s\n',
      'x.yaml:4: stages.0.tagret is not a known key',
    ));
  it('rate and stages together', () =>
    check(
      'rate: 5/s\nstages:\n  - { duration: 5s, target: 5/s }\n',
      'x.yaml:3: stages use either rate or stages',
    ));
  it('broken YAML', () => check('rate: [5/s\n', 'x.yaml:2: invalid YAML'));
  it('a bad rate text is caught when resolved, with the file', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/aimon-scenario-');
    await writeFile(`${dir}/bad.yaml`, 'rate: abc/s\n');
    await expect(
      resolveSimulationConfig({ scenario: `${dir}/bad.yaml`, endpoint: '127.0.0.1:1' }),
    ).rejects.toThrow(`${dir}/bad.yaml: rate "abc/s" is not a rate`);
  });
});
