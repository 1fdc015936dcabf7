import { mkdtemp, readFile, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import { renderAlertRules } from '../../stack/alerts/alert-rules.js';
import { DEFAULT_ALERT_SETTINGS } from '../../stack/alerts/alert-settings.js';
import { checkedInAlertRulesPath } from '../../stack/alerts/write-alert-rules.js';
import { promtoolBinaryPath } from '../../stack/install/binaries.js';
import { runCommand } from '../../stack/process/run-command.js';

const TESTS = join(projectRoot(), 'stack', 'alerts', 'aimon-alerts.promtool.yml');

/** `promtool test rules` on the unit tests, against the given rules file laid out as the repo lays it out. */
async function promtoolTest(dir: string, rules: string): Promise<{ code: number | null; output: string }> {
  await mkdir(join(dir, 'alerts'), { recursive: true });
  await mkdir(join(dir, 'prometheus', 'rules'), { recursive: true });
  await copyFile(TESTS, join(dir, 'alerts', 'aimon-alerts.promtool.yml'));
  await writeFile(join(dir, 'prometheus', 'rules', 'aimon-alerts.yml'), rules);
  const result = await runCommand(promtoolBinaryPath(), ['test', 'rules', 'aimon-alerts.promtool.yml'], {
    cwd: join(dir, 'alerts'),
  });
  return { code: result.code, output: result.stdout + result.stderr };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'aimon-promtool-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('alerting rules under promtool', () => {
  it('the rules pass their unit tests (stack/alerts/aimon-alerts.promtool.yml)', async () => {
    const result = await runCommand(promtoolBinaryPath(), ['test', 'rules', TESTS]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('the tests fail for the published mistake: a raw (lifetime) counter against the daily budget', async () => {
    const rules = await readFile(checkedInAlertRulesPath(), 'utf8');
    const mistaken = rules.replace(
      'increase(claude_code_cost_usage_USD_total[1d])',
      'claude_code_cost_usage_USD_total',
    );
    expect(mistaken).not.toBe(rules);
    const result = await promtoolTest(join(scratch, 'mistake'), mistaken);
    expect(result.code).not.toBe(0);
    // Lifetime $200 fires for bob; cat's restart and dan's ended session are missed.
    expect(result.output).toContain('name: lifetime spend is not daily spend');
    expect(result.output).toContain('name: daily budget');
  });

  it('the tests fail when a threshold moves (they pin the defaults)', async () => {
    const result = await promtoolTest(
      join(scratch, 'threshold'),
      renderAlertRules({ ...DEFAULT_ALERT_SETTINGS, spikeUsd: 70 }),
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('name: spend spike');
  });

  it('the tests fail for a lifetime retries-exhausted counter (cat: 101 ever, 1 in the window)', async () => {
    const rules = await readFile(checkedInAlertRulesPath(), 'utf8');
    const mistaken = rules.replace(
      'increase(aimon_claude_code_api_retries_exhausted_total[10m])',
      'aimon_claude_code_api_retries_exhausted_total',
    );
    expect(mistaken).not.toBe(rules);
    const result = await promtoolTest(join(scratch, 'retries-lifetime'), mistaken);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('name: retries exhausted');
  });

  it('the tests fail for a Claude error rate that divides by successful requests only, or loses a team without them', async () => {
    const rules = await readFile(checkedInAlertRulesPath(), 'utf8');
    const requests = 'sum by (team_id, aimon_run_id) (increase(aimon_claude_code_api_requests_total[5m]))';
    const errors = 'sum by (team_id, aimon_run_id) (increase(aimon_claude_code_api_errors_total[5m]))';
    const attempts = `((${requests} + ${errors}) or ${errors} or ${requests})`;
    expect(rules).toContain(attempts);
    for (const [name, wrong] of [
      ['only-requests', requests],
      ['no-or', `(${requests} + ${errors})`],
    ] as const) {
      const result = await promtoolTest(join(scratch, name), rules.replaceAll(attempts, wrong));
      expect(result.code, name).not.toBe(0);
      expect(result.output).toContain('name: Claude Code API error rate');
    }
  });

  it('promtool accepts the rules rendered with other settings', async () => {
    const file = join(scratch, 'custom.yml');
    await writeFile(
      file,
      renderAlertRules({
        ...DEFAULT_ALERT_SETTINGS,
        dailyBudgetUsd: 5,
        spikeWindowMs: 90_000,
        forMs: 0,
        evaluationIntervalMs: 1000,
      }),
    );
    const result = await runCommand(promtoolBinaryPath(), ['check', 'rules', file]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 7 rules found');
  });
});
