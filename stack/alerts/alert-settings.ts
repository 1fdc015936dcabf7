import { parseDurationMs } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';

/**
 * What a user can change about aimon's alerts: thresholds, windows, how long a condition must hold, how often the
 * rules run, and where Alertmanager sends notifications. `aimon stack up` reads them from AIMON_ALERT_* (native
 * mode writes the rules and the Alertmanager config into the data dir); compose mounts the rules rendered with the
 * defaults (regenerate with `aimon stack alert-rules`).
 */
export interface AlertSettings {
  /** A user's spend over the last 24 h (rolling) above this, in USD. */
  dailyBudgetUsd: number;
  /** A user's spend within `spikeWindowMs` above this, in USD. */
  spikeUsd: number;
  spikeWindowMs: number;
  /** Share of failed API requests (0–1) over `apiErrorWindowMs` above this (Codex per team and service, Claude Code per team)… */
  apiErrorRatio: number;
  /** …counted only once at least this many requests were made in the window (one failure of one is not a rate). */
  apiErrorMinRequests: number;
  apiErrorWindowMs: number;
  /** A user with at least this many Claude Code requests that failed after their last retry within `retriesExhaustedWindowMs`. */
  retriesExhausted: number;
  retriesExhaustedWindowMs: number;
  /** A user or team that was active within `activeWindowMs` but sent nothing for `silentAfterMs`. */
  silentAfterMs: number;
  activeWindowMs: number;
  /** How long each condition must hold before the alert fires (`for:`); undefined = each alert's own default. */
  forMs?: number;
  /** How often Prometheus evaluates aimon's rule groups. */
  evaluationIntervalMs: number;
  /** How long Alertmanager waits to group a new alert with others before the first notification. */
  groupWaitMs: number;
  /** Where Alertmanager posts notifications (its webhook receiver); undefined = nowhere (alerts stay in its API). */
  webhookUrl?: string;
}

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertSettings> = Object.freeze({
  dailyBudgetUsd: 100,
  spikeUsd: 50,
  spikeWindowMs: 10 * 60_000,
  apiErrorRatio: 0.1,
  apiErrorMinRequests: 20,
  apiErrorWindowMs: 5 * 60_000,
  retriesExhausted: 25,
  retriesExhaustedWindowMs: 10 * 60_000,
  silentAfterMs: 4 * 3_600_000,
  activeWindowMs: 24 * 3_600_000,
  evaluationIntervalMs: 15_000,
  groupWaitMs: 10_000,
});

/** Each setting's environment variable, as `aimon stack up` and the README name them. */
export const ALERT_ENV = {
  dailyBudgetUsd: 'AIMON_ALERT_DAILY_BUDGET_USD',
  spikeUsd: 'AIMON_ALERT_SPIKE_USD',
  spikeWindowMs: 'AIMON_ALERT_SPIKE_WINDOW',
  apiErrorRatio: 'AIMON_ALERT_API_ERROR_RATIO',
  apiErrorMinRequests: 'AIMON_ALERT_API_ERROR_MIN_REQUESTS',
  apiErrorWindowMs: 'AIMON_ALERT_API_ERROR_WINDOW',
  retriesExhausted: 'AIMON_ALERT_RETRIES_EXHAUSTED',
  retriesExhaustedWindowMs: 'AIMON_ALERT_RETRIES_EXHAUSTED_WINDOW',
  silentAfterMs: 'AIMON_ALERT_SILENT_AFTER',
  activeWindowMs: 'AIMON_ALERT_ACTIVE_WINDOW',
  forMs: 'AIMON_ALERT_FOR',
  evaluationIntervalMs: 'AIMON_RULE_EVALUATION_INTERVAL',
  groupWaitMs: 'AIMON_ALERT_GROUP_WAIT',
  webhookUrl: 'AIMON_ALERT_WEBHOOK_URL',
} as const satisfies Record<keyof AlertSettings, string>;

type NumberKey = 'dailyBudgetUsd' | 'spikeUsd' | 'apiErrorRatio' | 'apiErrorMinRequests' | 'retriesExhausted';
type DurationKey = Exclude<keyof AlertSettings, NumberKey | 'webhookUrl'>;

const NUMBER_KEYS: readonly NumberKey[] = [
  'dailyBudgetUsd',
  'spikeUsd',
  'apiErrorRatio',
  'apiErrorMinRequests',
  'retriesExhausted',
];
const DURATION_KEYS: readonly DurationKey[] = [
  'spikeWindowMs',
  'apiErrorWindowMs',
  'retriesExhaustedWindowMs',
  'silentAfterMs',
  'activeWindowMs',
  'forMs',
  'evaluationIntervalMs',
  'groupWaitMs',
];

/** Settings from AIMON_ALERT_* over the defaults; a bad value is a UserError naming the variable. */
export function alertSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const settings: AlertSettings = { ...DEFAULT_ALERT_SETTINGS };
  for (const key of NUMBER_KEYS) {
    const raw = env[ALERT_ENV[key]];
    if (raw !== undefined && raw !== '') settings[key] = parseNumber(raw, ALERT_ENV[key]);
  }
  for (const key of DURATION_KEYS) {
    const raw = env[ALERT_ENV[key]];
    if (raw !== undefined && raw !== '') settings[key] = parseDuration(raw, ALERT_ENV[key]);
  }
  const url = env[ALERT_ENV.webhookUrl];
  if (url !== undefined && url !== '') settings.webhookUrl = parseWebhookUrl(url, ALERT_ENV.webhookUrl);
  return checkAlertSettings(settings, (key) => ALERT_ENV[key]);
}

/** Cross-field checks, naming the field as `where` spells it (an env variable or a flag). */
export function checkAlertSettings(
  settings: AlertSettings,
  where: (key: keyof AlertSettings) => string,
): AlertSettings {
  for (const key of [
    'spikeWindowMs',
    'apiErrorWindowMs',
    'retriesExhaustedWindowMs',
    'silentAfterMs',
    'evaluationIntervalMs',
  ] as const)
    if (settings[key] <= 0) throw new UserError(`${where(key)} must be longer than 0s`);
  if (settings.apiErrorRatio > 1)
    throw new UserError(
      `${where('apiErrorRatio')} "${settings.apiErrorRatio}" must be a fraction from 0 to 1`,
    );
  if (!Number.isInteger(settings.apiErrorMinRequests))
    throw new UserError(
      `${where('apiErrorMinRequests')} "${settings.apiErrorMinRequests}" must be a whole number of requests`,
    );
  if (!Number.isInteger(settings.retriesExhausted) || settings.retriesExhausted < 1)
    throw new UserError(
      `${where('retriesExhausted')} "${settings.retriesExhausted}" must be a whole number of requests, at least 1`,
    );
  if (settings.silentAfterMs >= settings.activeWindowMs)
    throw new UserError(
      `${where('silentAfterMs')} must be shorter than ${where('activeWindowMs')} (silent for a while, active before)`,
    );
  return settings;
}

function parseNumber(raw: string, what: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new UserError(`${what} "${raw}" is not a number ≥ 0`);
  return value;
}

function parseDuration(raw: string, what: string): number {
  const ms = parseDurationMs(raw, what);
  if (!Number.isFinite(ms) || ms < 0) throw new UserError(`${what} "${raw}" must be a finite duration`);
  if (ms % 1000 !== 0)
    throw new UserError(`${what} "${raw}" must be whole seconds (Prometheus rule durations)`);
  return ms;
}

export function parseWebhookUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${what} "${raw}" is not a URL (expected http://… or https://…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`${what} "${raw}" must be an http:// or https:// URL`);
  return url.toString();
}

/** Milliseconds as a Prometheus duration: the largest unit that divides it ("10m", "90s", "1d"). */
export function promDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
