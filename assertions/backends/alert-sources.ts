import { httpJson } from './http-get.js';

/** One alert as Prometheus (rules API) or Alertmanager (API v2) reports it. */
export interface ActiveAlert {
  labels: Record<string, string>;
  /** Prometheus: pending | firing; Alertmanager: active | suppressed | unprocessed. */
  state: string;
  /** When the condition became true (Prometheus) or the alert started (Alertmanager), ms since epoch. */
  activeAtMs: number;
}

export interface AlertRuleGroup {
  name: string;
  intervalMs: number;
  lastEvaluationMs: number;
  rules: Array<{ name: string; forMs: number; alerts: ActiveAlert[] }>;
}

interface RulesResponse {
  data: {
    groups: Array<{
      name: string;
      interval: number;
      lastEvaluation: string;
      rules: Array<{
        name: string;
        type: string;
        duration?: number;
        alerts?: Array<{ labels: Record<string, string>; state: string; activeAt: string }>;
      }>;
    }>;
  };
}

/** Prometheus' alerting rule groups with their pending and firing alerts (`/api/v1/rules?type=alert`). */
export async function prometheusAlertGroups(
  prometheusUrl: string,
  timeoutMs = 10_000,
): Promise<AlertRuleGroup[]> {
  const url = `${prometheusUrl.replace(/\/+$/, '')}/api/v1/rules?type=alert`;
  const body = (await httpJson('Prometheus', url, { timeoutMs })) as RulesResponse;
  return body.data.groups.map((g) => ({
    name: g.name,
    intervalMs: g.interval * 1000,
    lastEvaluationMs: Date.parse(g.lastEvaluation),
    rules: g.rules
      .filter((r) => r.type === 'alerting')
      .map((r) => ({
        name: r.name,
        forMs: (r.duration ?? 0) * 1000,
        alerts: (r.alerts ?? []).map((a) => ({
          labels: a.labels,
          state: a.state,
          activeAtMs: Date.parse(a.activeAt),
        })),
      })),
  }));
}

/** Alerts Alertmanager holds (`/api/v2/alerts`), optionally only those with one label value. */
export async function alertmanagerAlerts(
  alertmanagerUrl: string,
  filter?: { label: string; value: string },
  timeoutMs = 10_000,
): Promise<ActiveAlert[]> {
  const url = new URL(`${alertmanagerUrl.replace(/\/+$/, '')}/api/v2/alerts`);
  if (filter) url.searchParams.append('filter', `${filter.label}=${JSON.stringify(filter.value)}`);
  const body = (await httpJson('Alertmanager', url.toString(), { timeoutMs })) as Array<{
    labels: Record<string, string>;
    status: { state: string };
    startsAt: string;
  }>;
  return body.map((a) => ({ labels: a.labels, state: a.status.state, activeAtMs: Date.parse(a.startsAt) }));
}
