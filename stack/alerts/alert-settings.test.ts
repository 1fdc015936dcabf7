import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { ALERT_ENV, DEFAULT_ALERT_SETTINGS, alertSettingsFromEnv, promDuration } from './alert-settings.js';

describe('alertSettingsFromEnv', () => {
  it('gives the defaults when nothing is set', () => {
    expect(alertSettingsFromEnv({})).toEqual(DEFAULT_ALERT_SETTINGS);
  });

  it('reads every AIMON_ALERT_* variable', () => {
    expect(
      alertSettingsFromEnv({
        AIMON_ALERT_DAILY_BUDGET_USD: '25.5',
        AIMON_ALERT_SPIKE_USD: '10',
        AIMON_ALERT_SPIKE_WINDOW: '5m',
        AIMON_ALERT_API_ERROR_RATIO: '0.25',
        AIMON_ALERT_API_ERROR_MIN_REQUESTS: '50',
        AIMON_ALERT_API_ERROR_WINDOW: '15m',
        AIMON_ALERT_RETRIES_EXHAUSTED: '3',
        AIMON_ALERT_RETRIES_EXHAUSTED_WINDOW: '30m',
        AIMON_ALERT_SILENT_AFTER: '2h',
        AIMON_ALERT_ACTIVE_WINDOW: '3d',
        AIMON_ALERT_FOR: '0s',
        AIMON_RULE_EVALUATION_INTERVAL: '1s',
        AIMON_ALERT_GROUP_WAIT: '30s',
        AIMON_ALERT_WEBHOOK_URL: 'https://hooks.example.com/aimon?token=x',
      }),
    ).toEqual({
      dailyBudgetUsd: 25.5,
      spikeUsd: 10,
      spikeWindowMs: 300_000,
      apiErrorRatio: 0.25,
      apiErrorMinRequests: 50,
      apiErrorWindowMs: 900_000,
      retriesExhausted: 3,
      retriesExhaustedWindowMs: 1_800_000,
      silentAfterMs: 7_200_000,
      activeWindowMs: 259_200_000,
      forMs: 0,
      evaluationIntervalMs: 1000,
      groupWaitMs: 30_000,
      webhookUrl: 'https://hooks.example.com/aimon?token=x',
    });
  });

  it.each([
    [{ AIMON_ALERT_DAILY_BUDGET_USD: 'lots' }, 'AIMON_ALERT_DAILY_BUDGET_USD "lots" is not a number ≥ 0'],
    [{ AIMON_ALERT_SPIKE_USD: '-1' }, 'AIMON_ALERT_SPIKE_USD "-1" is not a number ≥ 0'],
    [
      { AIMON_ALERT_API_ERROR_RATIO: '10' },
      'AIMON_ALERT_API_ERROR_RATIO "10" must be a fraction from 0 to 1',
    ],
    [
      { AIMON_ALERT_API_ERROR_MIN_REQUESTS: '2.5' },
      'AIMON_ALERT_API_ERROR_MIN_REQUESTS "2.5" must be a whole number of requests',
    ],
    [
      { AIMON_ALERT_RETRIES_EXHAUSTED: '0' },
      'AIMON_ALERT_RETRIES_EXHAUSTED "0" must be a whole number of requests, at least 1',
    ],
    [
      { AIMON_ALERT_SPIKE_WINDOW: 'soon' },
      'AIMON_ALERT_SPIKE_WINDOW "soon" is not a duration (expected e.g. 500ms, 30s, 5m, 1m30s, 1h or inf)',
    ],
    [
      { AIMON_ALERT_FOR: '1500ms' },
      'AIMON_ALERT_FOR "1500ms" must be whole seconds (Prometheus rule durations)',
    ],
    [{ AIMON_ALERT_SILENT_AFTER: 'inf' }, 'AIMON_ALERT_SILENT_AFTER "inf" must be a finite duration'],
    [{ AIMON_RULE_EVALUATION_INTERVAL: '0s' }, 'AIMON_RULE_EVALUATION_INTERVAL must be longer than 0s'],
    [
      { AIMON_ALERT_SILENT_AFTER: '2d' },
      'AIMON_ALERT_SILENT_AFTER must be shorter than AIMON_ALERT_ACTIVE_WINDOW (silent for a while, active before)',
    ],
    [
      { AIMON_ALERT_WEBHOOK_URL: 'hooks.example.com' },
      'AIMON_ALERT_WEBHOOK_URL "hooks.example.com" is not a URL (expected http://… or https://…)',
    ],
    [
      { AIMON_ALERT_WEBHOOK_URL: 'file:///etc/passwd' },
      'AIMON_ALERT_WEBHOOK_URL "file:///etc/passwd" must be an http:// or https:// URL',
    ],
  ])('refuses %o with one line', (env, message) => {
    let caught: unknown;
    try {
      alertSettingsFromEnv(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toBe(message);
  });

  it('names one variable per setting', () => {
    expect(Object.keys(ALERT_ENV).sort()).toEqual(
      [...Object.keys(DEFAULT_ALERT_SETTINGS), 'forMs', 'webhookUrl'].sort(),
    );
  });
});

describe('promDuration', () => {
  it.each([
    [0, '0s'],
    [1000, '1s'],
    [90_000, '90s'],
    [600_000, '10m'],
    [7_200_000, '2h'],
    [86_400_000, '1d'],
    [1500, '1500ms'],
  ])('%i ms is %s', (ms, text) => {
    expect(promDuration(ms)).toBe(text);
  });
});
