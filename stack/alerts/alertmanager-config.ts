import { stringify } from 'yaml';
import { promDuration, type AlertSettings } from './alert-settings.js';

/** Labels one notification groups by: one per alert and user or team (and simulated run). */
export const NOTIFICATION_GROUP_BY = ['alertname', 'team_id', 'user', 'service_name', 'aimon_run_id'];

/**
 * Alertmanager's config: every alert to one webhook receiver when a URL is set (Slack-compatible relays, PagerDuty
 * Events v2 bridges, a local script: anything that takes Alertmanager's webhook JSON), else to a receiver with no
 * integrations, so alerts stay visible in its API (`/api/v2/alerts`) and nothing is sent anywhere.
 */
export function renderAlertmanagerConfig(
  settings: Pick<AlertSettings, 'webhookUrl' | 'groupWaitMs'>,
): string {
  const receiver = settings.webhookUrl ? 'webhook' : 'none';
  const config = {
    route: {
      receiver,
      group_by: NOTIFICATION_GROUP_BY,
      group_wait: promDuration(settings.groupWaitMs),
      group_interval: '1m',
      repeat_interval: '4h',
    },
    receivers: [
      settings.webhookUrl
        ? { name: 'webhook', webhook_configs: [{ url: settings.webhookUrl, send_resolved: true }] }
        : { name: 'none' },
    ],
  };
  return (
    '# Written by `aimon stack up` (AIMON_ALERT_WEBHOOK_URL / --alert-webhook-url); rewritten on every start.\n' +
    stringify(config, { lineWidth: 0 })
  );
}
