import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_NAMES, DEFAULT_FOR_MS, alertRules, renderAlertRules, withUserLabel } from './alert-rules.js';
import { DEFAULT_ALERT_SETTINGS } from './alert-settings.js';
import { renderAlertmanagerConfig } from './alertmanager-config.js';
import { checkedInAlertRulesPath } from './write-alert-rules.js';

const rulesByName = (settings = DEFAULT_ALERT_SETTINGS) =>
  new Map(alertRules(settings).flatMap((g) => g.rules.map((r) => [r.alert, { ...r, interval: g.interval }])));

describe('alert rules', () => {
  it('the file compose mounts is the rendering with the defaults (regenerate: aimon stack alert-rules)', () => {
    expect(readFileSync(checkedInAlertRulesPath(), 'utf8')).toBe(renderAlertRules(DEFAULT_ALERT_SETTINGS));
  });

  it('has every alert once, with its default for: and the evaluation interval', () => {
    const rules = rulesByName();
    expect([...rules.keys()].sort()).toEqual([...ALERT_NAMES].sort());
    for (const name of ALERT_NAMES) {
      expect(rules.get(name)!.for).toBe(`${DEFAULT_FOR_MS[name] / 60_000}m`);
      expect(rules.get(name)!.interval).toBe('15s');
    }
  });

  it('puts each setting where it belongs', () => {
    const rules = rulesByName({
      ...DEFAULT_ALERT_SETTINGS,
      dailyBudgetUsd: 12.5,
      spikeUsd: 7,
      spikeWindowMs: 300_000,
      apiErrorRatio: 0.3,
      apiErrorMinRequests: 40,
      apiErrorWindowMs: 900_000,
      retriesExhausted: 3,
      retriesExhaustedWindowMs: 1_200_000,
      silentAfterMs: 3_600_000,
      activeWindowMs: 172_800_000,
      forMs: 2000,
      evaluationIntervalMs: 1000,
    });
    expect(rules.get('AimonDailySpendOverBudget')!.expr).toMatch(
      /increase\(claude_code_cost_usage_USD_total\[1d\]\).* > 12\.5$/,
    );
    expect(rules.get('AimonSpendSpike')!.expr).toMatch(
      /increase\(claude_code_cost_usage_USD_total\[5m\]\).* > 7$/,
    );
    expect(rules.get('AimonApiErrorRateHigh')!.expr).toContain('[15m]');
    expect(rules.get('AimonApiErrorRateHigh')!.expr).toMatch(/> 0\.3 and .* >= 40$/);
    expect(rules.get('AimonClaudeApiErrorRateHigh')!.expr).toContain('[15m]');
    expect(rules.get('AimonClaudeApiErrorRateHigh')!.expr).toMatch(/> 0\.3 and .* >= 40$/);
    expect(rules.get('AimonRetriesExhausted')!.expr).toMatch(
      /increase\(aimon_claude_code_api_retries_exhausted_total\[20m\]\).* >= 3$/,
    );
    expect(rules.get('AimonUserSilent')!.expr).toContain('[2d]');
    expect(rules.get('AimonTeamSilent')!.expr).toContain('[1h]');
    for (const rule of rules.values()) {
      expect(rule.for).toBe('2s');
      expect(rule.interval).toBe('1s');
    }
  });

  it('never compares a raw counter: every metric is read through increase() and summed after', () => {
    for (const rule of rulesByName().values()) {
      const metrics = rule.expr.match(/(?:aimon_)?claude_code_\w+|codex_\w+/g) ?? [];
      expect(metrics.length).toBeGreaterThan(0);
      const increases = rule.expr.match(/increase\(((?:aimon_)?claude_code_\w+|codex_\w+|\{__name__)/g) ?? [];
      // The silent-team regex names two metrics inside one increase().
      expect(increases.length).toBe(rule.expr.includes('__name__') ? metrics.length / 2 : metrics.length);
      expect(rule.expr).not.toMatch(/sum[^(]*\((aimon_claude_code|claude_code|codex)_/);
    }
  });

  it('spend and error alerts keep simulated runs apart; silence is about people, not runs', () => {
    const rules = rulesByName();
    for (const name of [
      'AimonDailySpendOverBudget',
      'AimonSpendSpike',
      'AimonApiErrorRateHigh',
      'AimonClaudeApiErrorRateHigh',
      'AimonRetriesExhausted',
    ] as const)
      expect(rules.get(name)!.expr).toContain('aimon_run_id');
    for (const name of ['AimonUserSilent', 'AimonTeamSilent'] as const)
      expect(rules.get(name)!.expr).not.toContain('aimon_run_id');
  });

  it('labels a user by email, else by device id', () => {
    expect(withUserLabel('x')).toBe(
      'label_replace(label_replace(x, "user", "$1", "user_id", "(.+)"), "user", "$1", "user_email", "(.+)")',
    );
  });
});

describe('Alertmanager config', () => {
  it('posts every alert to the webhook when one is set', () => {
    const config = parse(
      renderAlertmanagerConfig({ webhookUrl: 'http://127.0.0.1:5001/hook', groupWaitMs: 1000 }),
    );
    expect(config.route).toMatchObject({ receiver: 'webhook', group_wait: '1s' });
    expect(config.route.group_by).toEqual(['alertname', 'team_id', 'user', 'service_name', 'aimon_run_id']);
    expect(config.receivers).toEqual([
      { name: 'webhook', webhook_configs: [{ url: 'http://127.0.0.1:5001/hook', send_resolved: true }] },
    ]);
  });

  it('sends nowhere without one', () => {
    const config = parse(renderAlertmanagerConfig({ groupWaitMs: 10_000 }));
    expect(config.route.receiver).toBe('none');
    expect(config.receivers).toEqual([{ name: 'none' }]);
  });
});
