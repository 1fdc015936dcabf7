import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { runCli } from '../support/live/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimon-alert-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('alert settings on the command line', () => {
  it.each([
    [
      ['--alert-webhook-url', 'ftp://example.com/x'],
      {},
      'aimon: --alert-webhook-url "ftp://example.com/x" must be an http:// or https:// URL',
    ],
    [
      [],
      { AIMON_ALERT_DAILY_BUDGET_USD: 'plenty' },
      'aimon: AIMON_ALERT_DAILY_BUDGET_USD "plenty" is not a number ≥ 0',
    ],
  ])('stack up %j refuses bad input with exit 2 before starting anything', async (flags, env, line) => {
    const dataDir = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const result = await runCli(['stack', 'up', '--native', '--data-dir', dataDir, ...flags], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toContain(line);
    await expect(readdir(dataDir)).rejects.toThrow();
  });

  it('stack alert-rules renders the thresholds from AIMON_ALERT_*', async () => {
    const output = join(dir, 'rules.yml');
    const result = await runCli(['stack', 'alert-rules', '--output', output], {
      env: { AIMON_ALERT_DAILY_BUDGET_USD: '30', AIMON_ALERT_FOR: '0s' },
    });
    expect(result.code).toBe(0);
    const rules = parse(await readFile(output, 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string; for: string }> }>;
    };
    const budget = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'AimonDailySpendOverBudget')!;
    expect(budget.expr).toMatch(/ > 30$/);
    expect(budget.for).toBe('0s');
  });
});
