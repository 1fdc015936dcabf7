import { stringify } from 'yaml';
import { promDuration, type AlertSettings } from './alert-settings.js';

/**
 * aimon's Prometheus alerting rules, rendered from the settings (thresholds, windows, `for:`, evaluation interval).
 *
 * Every expression takes increase() over a window per series first and sums by user or team after:
 * - the clients send DELTA counters that the collector turns into running totals per series (one per session for
 *   Claude Code), so a user's spend is spread over many series;
 * - a session's series stops when the session ends (it goes stale 5 minutes later) and a collector restart starts
 *   every series again from zero, which increase() reads as a reset and counts, while a raw sum drops both;
 * - a raw counter is spend since the series began, not spend today: comparing it with a daily budget (the published
 *   mistake) fires on a long-lived series and misses a user whose sessions ended.
 * Claude Code's API requests, errors and exhausted retries are log events: the collector counts them into
 * aimon_claude_code_* counters (stack/collector/config.yaml, connector count/claude-code), DELTA sums made running
 * totals like the clients' own, so the same holds for them.
 * `aimon_run_id` keeps simulated runs apart in the spend and error groupings; real clients do not send it, so for them
 * it is absent.
 */
export const ALERT_NAMES = [
  'AimonDailySpendOverBudget',
  'AimonSpendSpike',
  'AimonApiErrorRateHigh',
  'AimonClaudeApiErrorRateHigh',
  'AimonRetriesExhausted',
  'AimonUserSilent',
  'AimonTeamSilent',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

/** Each alert's `for:` unless AIMON_ALERT_FOR sets one for all. */
export const DEFAULT_FOR_MS: Record<AlertName, number> = {
  AimonDailySpendOverBudget: 60_000,
  AimonSpendSpike: 2 * 60_000,
  AimonApiErrorRateHigh: 2 * 60_000,
  AimonClaudeApiErrorRateHigh: 2 * 60_000,
  AimonRetriesExhausted: 60_000,
  AimonUserSilent: 15 * 60_000,
  AimonTeamSilent: 15 * 60_000,
};

const COST = 'claude_code_cost_usage_USD_total';
const CLAUDE_ACTIVITY = 'claude_code_token_usage_tokens_total';
const CODEX_REQUESTS = 'codex_api_request_total';
/** Counted by the collector from Claude Code's api_request / api_error / api_retries_exhausted log events. */
const CLAUDE_REQUESTS = 'aimon_claude_code_api_requests_total';
const CLAUDE_ERRORS = 'aimon_claude_code_api_errors_total';
const CLAUDE_RETRIES_EXHAUSTED = 'aimon_claude_code_api_retries_exhausted_total';
const BY_USER = 'user, team_id, aimon_run_id';
/** Silence is a property of people, not of a simulated run (every run ends): no aimon_run_id there. */
const BY_USER_ONLY = 'user, team_id';
const BY_TEAM = 'team_id';
const BY_TEAM_RUN = 'team_id, aimon_run_id';

/**
 * Claude Code labels a signed-in user with user_email and every install with user_id (a device id): one `user` label,
 * the email when there is one, else the id, so a person's devices add up and anonymous installs stay apart.
 */
export function withUserLabel(expr: string): string {
  return `label_replace(label_replace(${expr}, "user", "$1", "user_id", "(.+)"), "user", "$1", "user_email", "(.+)")`;
}

function usd(value: number): string {
  return `$${value}`;
}

interface Rule {
  alert: AlertName;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function alertRules(
  settings: AlertSettings,
): Array<{ name: string; interval: string; rules: Rule[] }> {
  const forOf = (alert: AlertName): string => promDuration(settings.forMs ?? DEFAULT_FOR_MS[alert]);
  const spike = promDuration(settings.spikeWindowMs);
  const errWindow = promDuration(settings.apiErrorWindowMs);
  const exhaustedWindow = promDuration(settings.retriesExhaustedWindowMs);
  const silent = promDuration(settings.silentAfterMs);
  const active = promDuration(settings.activeWindowMs);
  const interval = promDuration(settings.evaluationIntervalMs);
  const spend = (window: string): string =>
    `sum by (${BY_USER}) (${withUserLabel(`increase(${COST}[${window}])`)})`;
  const claudeActive = (window: string): string =>
    `sum by (${BY_USER_ONLY}) (${withUserLabel(`increase(${CLAUDE_ACTIVITY}[${window}])`)}) > 0`;
  const teamActive = (window: string): string =>
    `sum by (${BY_TEAM}) (increase({__name__=~"${CLAUDE_ACTIVITY}|${CODEX_REQUESTS}"}[${window}])) > 0`;
  const codexRequests = (selector: string): string =>
    `sum by (team_id, service_name, aimon_run_id) (increase(${CODEX_REQUESTS}${selector}[${errWindow}]))`;
  // A failed request logs api_error (and api_retries_exhausted), never api_request: the requests made are both
  // counters' sum. `or` keeps a team that has only one of them (every request failed, or none did).
  const claudeErrors = `sum by (${BY_TEAM_RUN}) (increase(${CLAUDE_ERRORS}[${errWindow}]))`;
  const claudeOk = `sum by (${BY_TEAM_RUN}) (increase(${CLAUDE_REQUESTS}[${errWindow}]))`;
  const claudeAttempts = `((${claudeOk} + ${claudeErrors}) or ${claudeErrors} or ${claudeOk})`;
  return [
    {
      name: 'aimon-spend',
      interval,
      rules: [
        {
          alert: 'AimonDailySpendOverBudget',
          expr: `${spend('1d')} > ${settings.dailyBudgetUsd}`,
          for: forOf('AimonDailySpendOverBudget'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `{{ $labels.user }} (team {{ $labels.team_id }}) spent over ${usd(settings.dailyBudgetUsd)} in the last 24 h`,
            description: `Claude Code cost over the last 24 hours: {{ $value | printf "%.2f" }} USD (budget ${usd(settings.dailyBudgetUsd)}, AIMON_ALERT_DAILY_BUDGET_USD).`,
          },
        },
        {
          alert: 'AimonSpendSpike',
          expr: `${spend(spike)} > ${settings.spikeUsd}`,
          for: forOf('AimonSpendSpike'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `{{ $labels.user }} (team {{ $labels.team_id }}) spent over ${usd(settings.spikeUsd)} within ${spike}`,
            description: `Claude Code cost over the last ${spike}: {{ $value | printf "%.2f" }} USD (threshold ${usd(settings.spikeUsd)}, AIMON_ALERT_SPIKE_USD / AIMON_ALERT_SPIKE_WINDOW).`,
          },
        },
      ],
    },
    {
      name: 'aimon-api-errors',
      interval,
      rules: [
        {
          alert: 'AimonApiErrorRateHigh',
          expr:
            `(${codexRequests('{success="false"}')} / ${codexRequests('')}) > ${settings.apiErrorRatio}` +
            ` and ${codexRequests('')} >= ${settings.apiErrorMinRequests}`,
          for: forOf('AimonApiErrorRateHigh'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `Codex API errors for team {{ $labels.team_id }} ({{ $labels.service_name }}) above ${Math.round(settings.apiErrorRatio * 100)} %`,
            description: `Share of failed Codex API requests over the last ${errWindow}: {{ $value | humanizePercentage }} (threshold ${settings.apiErrorRatio}, AIMON_ALERT_API_ERROR_RATIO; at least ${settings.apiErrorMinRequests} requests).`,
          },
        },
        {
          alert: 'AimonClaudeApiErrorRateHigh',
          expr:
            `(${claudeErrors} / ${claudeAttempts}) > ${settings.apiErrorRatio}` +
            ` and ${claudeAttempts} >= ${settings.apiErrorMinRequests}`,
          for: forOf('AimonClaudeApiErrorRateHigh'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `Claude Code API errors for team {{ $labels.team_id }} above ${Math.round(settings.apiErrorRatio * 100)} %`,
            description: `Share of failed Claude Code API requests over the last ${errWindow}: {{ $value | humanizePercentage }} (threshold ${settings.apiErrorRatio}, AIMON_ALERT_API_ERROR_RATIO; at least ${settings.apiErrorMinRequests} requests).`,
          },
        },
        {
          alert: 'AimonRetriesExhausted',
          expr: `sum by (${BY_USER}) (${withUserLabel(`increase(${CLAUDE_RETRIES_EXHAUSTED}[${exhaustedWindow}])`)}) >= ${settings.retriesExhausted}`,
          for: forOf('AimonRetriesExhausted'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `{{ $labels.user }} (team {{ $labels.team_id }}): ${settings.retriesExhausted} or more Claude Code requests failed after their last retry within ${exhaustedWindow}`,
            description: `Claude Code requests that exhausted their retries over the last ${exhaustedWindow}: {{ $value | printf "%.0f" }} (threshold ${settings.retriesExhausted}, AIMON_ALERT_RETRIES_EXHAUSTED / AIMON_ALERT_RETRIES_EXHAUSTED_WINDOW).`,
          },
        },
      ],
    },
    {
      name: 'aimon-silence',
      interval,
      rules: [
        {
          alert: 'AimonUserSilent',
          expr: `(${claudeActive(active)}) unless (${claudeActive(silent)})`,
          for: forOf('AimonUserSilent'),
          labels: { severity: 'info' },
          annotations: {
            summary: `{{ $labels.user }} (team {{ $labels.team_id }}) sent no Claude Code usage for ${silent}`,
            description: `Active within the last ${active}, nothing for ${silent} (AIMON_ALERT_SILENT_AFTER): a broken telemetry setup, or a day off.`,
          },
        },
        {
          alert: 'AimonTeamSilent',
          expr: `(${teamActive(active)}) unless (${teamActive(silent)})`,
          for: forOf('AimonTeamSilent'),
          labels: { severity: 'warning' },
          annotations: {
            summary: `team {{ $labels.team_id }} sent no Claude Code or Codex usage for ${silent}`,
            description: `Active within the last ${active}, nothing for ${silent} (AIMON_ALERT_SILENT_AFTER).`,
          },
        },
      ],
    },
  ];
}

/** The rules file Prometheus loads (stack/prometheus/rules/aimon-alerts.yml holds it rendered with the defaults). */
export function renderAlertRules(settings: AlertSettings): string {
  const header =
    '# Generated by aimon from stack/alerts/alert-rules.ts with the settings of `aimon stack up` (AIMON_ALERT_*).\n' +
    '# This copy (compose mode) holds the defaults; README "Alerts" says how to change a threshold.\n';
  return header + stringify({ groups: alertRules(settings) }, { lineWidth: 0, singleQuote: true });
}
