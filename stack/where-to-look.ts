/**
 * What `aimon stack up` tells people about where to look at their data. Without Docker there is no Grafana, and the
 * native Prometheus is built from its Go module, which carries no web UI: its HTTP API is what answers.
 */
import type { StackEndpoints } from '../core/endpoints.js';

export function whereToLook(endpoints: StackEndpoints, mode: 'native' | 'docker'): string[] {
  const vmui = `${endpoints.victoriaLogs}/select/vmui/`;
  const api = `${endpoints.prometheus}/api/v1/query?query=up`;
  if (mode === 'docker') {
    return [
      `Grafana:      ${endpoints.grafana ?? '(not published)'} (folder "aimon": Claude Code, Codex, overview)`,
      `events:       ${vmui} (VictoriaLogs' built-in UI, vmui)`,
      `metrics:      ${endpoints.prometheus} (Prometheus UI and HTTP API)`,
    ];
  }
  return [
    'No Grafana in the native stack (it runs with --docker). Look at the data here instead:',
    `events:       ${vmui} (VictoriaLogs' built-in UI, vmui: LogsQL queries, tables, hits over time)`,
    `metrics:      ${api} (Prometheus HTTP API; this Prometheus is built from its Go module and has no web UI)`,
    'dashboards:   `aimon dashboards export DIR`, then in any Grafana: Dashboards → New → Import → upload',
  ];
}
