import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, endpointsFor } from '../core/endpoints.js';
import { whereToLook } from './where-to-look.js';

describe('whereToLook', () => {
  it('points native users at vmui and the Prometheus API, and says Prometheus has no web UI', () => {
    const lines = whereToLook(
      endpointsFor({ ...DEFAULT_PORTS, victoriaLogs: 19428, prometheus: 19090 }),
      'native',
    );
    expect(lines).toContain(
      "events:       http://127.0.0.1:19428/select/vmui/ (VictoriaLogs' built-in UI, vmui: LogsQL queries, tables, hits over time)",
    );
    expect(lines).toContain(
      'metrics:      http://127.0.0.1:19090/api/v1/query?query=up (Prometheus HTTP API; this Prometheus is built from its Go module and has no web UI)',
    );
    expect(lines.join('\n')).toContain('No Grafana');
    expect(lines.join('\n')).toContain('aimon dashboards export DIR');
  });

  it('points compose users at Grafana', () => {
    const lines = whereToLook(endpointsFor(DEFAULT_PORTS, '127.0.0.1', true), 'docker');
    expect(lines[0]).toBe(
      'Grafana:      http://127.0.0.1:3000 (folder "aimon": Claude Code, Codex, overview)',
    );
    expect(lines.join('\n')).not.toContain('no web UI');
  });
});
