import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../core/paths.js';
import { lintDashboard, lintLogsQL, lintPromQL, type Dashboard } from './dashboard-lint.js';
import { DASHBOARD_SPECS, allExpectations } from './dashboards.js';
import { renderedDashboardText } from './write-dashboards.js';

const grafanaDir = join(projectRoot(), 'stack', 'grafana');
const dashboardFiles = readdirSync(join(grafanaDir, 'dashboards')).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({
  file,
  json: JSON.parse(readFileSync(join(grafanaDir, 'dashboards', file), 'utf8')) as Dashboard,
}));
const datasources = parse(
  readFileSync(join(grafanaDir, 'provisioning', 'datasources', 'datasources.yaml'), 'utf8'),
) as {
  datasources: Array<{ uid: string; type: string; url: string }>;
};
const provisioned = datasources.datasources.map((d) => ({ uid: d.uid, type: d.type }));

describe('provisioning', () => {
  it('provisions Prometheus and the VictoriaLogs plugin with URLs from the environment', () => {
    expect(datasources.datasources.map((d) => [d.uid, d.type, d.url])).toEqual([
      ['aimon-prometheus', 'prometheus', '${AIMON_PROMETHEUS_URL}'],
      ['aimon-victorialogs', 'victoriametrics-logs-datasource', '${AIMON_VICTORIALOGS_URL}'],
    ]);
    const providers = parse(
      readFileSync(join(grafanaDir, 'provisioning', 'dashboards', 'dashboards.yaml'), 'utf8'),
    ) as {
      providers: Array<{ folder: string; options: { path: string } }>;
    };
    expect(providers.providers[0]).toMatchObject({
      folder: 'aimon',
      options: { path: '/var/lib/grafana/dashboards' },
    });
  });
});

describe('dashboard JSON', () => {
  it('has the three dashboards, each rendered from its spec (run `aimon dashboards render` after editing a spec)', () => {
    expect(dashboardFiles.sort()).toEqual(['claude-code.json', 'codex.json', 'overview.json']);
    for (const spec of DASHBOARD_SPECS) {
      expect(readFileSync(join(grafanaDir, 'dashboards', spec.file), 'utf8'), spec.file).toBe(
        renderedDashboardText(spec),
      );
    }
  });

  it.each(dashboards.map((d) => [d.file, d.json] as const))('%s passes the static checks', (_file, json) => {
    expect(JSON.stringify(json)).not.toMatch(/"uid":\s*"aimon-(prometheus|victorialogs)"/);
    expect(lintDashboard(json, provisioned)).toEqual([]);
  });

  it('declares an expectation (or a reason for none) for every panel target', () => {
    const expectations = allExpectations();
    for (const { json } of dashboards) {
      for (const panel of (json.panels ?? []).filter((p) => p.type !== 'row')) {
        for (const target of panel.targets ?? []) {
          expect(
            expectations.has(`${json.uid}/${panel.id}/${target.refId}`),
            `${json.uid} ${panel.title} ${target.refId}`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('static checks catch the known dashboard bugs', () => {
  it('flags increase(), hard-coded windows and names the clients never emit', () => {
    expect(lintPromQL('sum(increase(claude_code_session_count_total[$__range]))')).toContainEqual(
      expect.stringContaining('increase()'),
    );
    expect(lintPromQL('sum(increase(claude_code_session_count_total{}[$__range] anchored))')).toEqual([]);
    expect(lintPromQL('sum(last_over_time(claude_code_cost_usage_USD_total{}[1h]))')).toContainEqual(
      expect.stringContaining('[1h] is hard-coded'),
    );
    expect(lintPromQL('sum(claude_code_cost_usage_total{})')).toContainEqual(
      expect.stringContaining('metric claude_code_cost_usage_total'),
    );
    expect(lintPromQL('sum(claude_code_cost_usage_USD_total{user_email_address=~"x"})')).toContainEqual(
      expect.stringContaining('label user_email_address'),
    );
    expect(lintPromQL('x{} offset 1d')).toContainEqual(expect.stringContaining('offset 1d'));
  });

  it('flags phrase-matched event names, | json, hard-coded _time and unknown fields in LogsQL', () => {
    expect(lintLogsQL('event.name:"api_request" | stats count()')).toContainEqual(
      expect.stringContaining('phrase match'),
    );
    expect(lintLogsQL('event.name:="api_request" | json | stats count()')).toContainEqual(
      expect.stringContaining('| json'),
    );
    expect(lintLogsQL('_time:1h event.name:="api_request" | stats count()')).toContainEqual(
      expect.stringContaining('_time'),
    );
    expect(lintLogsQL('event.name:="api_request" | stats sum(cost) c')).toContainEqual(
      expect.stringContaining('field cost'),
    );
    expect(lintLogsQL('event.name:="claude_code.api_request" | stats count()')).toContainEqual(
      expect.stringContaining('event claude_code.api_request'),
    );
  });

  it('flags duplicate panel ids, hard-coded datasource uids and datasource variables that do not fit', () => {
    const bad: Dashboard = {
      uid: 'x',
      templating: {
        list: [
          { name: 'ds_prometheus', type: 'datasource', query: 'prometheus', current: { value: 'nope' } },
          {
            name: 'ds_logs',
            type: 'datasource',
            query: 'prometheus',
            current: { value: 'aimon-victorialogs' },
          },
        ],
      },
      panels: [
        {
          id: 1,
          type: 'stat',
          title: 'a',
          datasource: { uid: 'aimon-prometheus', type: 'prometheus' },
          targets: [
            { refId: 'A', expr: 'vector(1)', datasource: { uid: 'aimon-prometheus', type: 'prometheus' } },
          ],
        },
        {
          id: 1,
          type: 'stat',
          title: 'b',
          targets: [
            { refId: 'A', expr: 'vector(1)', datasource: { uid: '${ds_prometheus}', type: 'prometheus' } },
            { refId: 'B', expr: 'vector(1)', datasource: { uid: '${ds_missing}', type: 'prometheus' } },
            {
              refId: 'C',
              expr: 'vector(1)',
              datasource: { uid: '${ds_prometheus}', type: 'victoriametrics-logs-datasource' },
            },
          ],
        },
      ],
    };
    expect(lintDashboard(bad, provisioned)).toEqual([
      'datasource variable ds_prometheus: default "nope" is not a provisioned datasource',
      'datasource variable ds_logs: default aimon-victorialogs is a victoriametrics-logs-datasource, not a prometheus',
      'x panel 1 "a": datasource uid aimon-prometheus is hard-coded (use a datasource variable)',
      'x panel 1 "a" A: datasource uid aimon-prometheus is hard-coded (use a datasource variable)',
      'x panel 1 "b": duplicate panel id 1',
      'x panel 1 "b": datasource uid (none) is hard-coded (use a datasource variable)',
      'x panel 1 "b" B: datasource variable ds_missing is not defined',
      'x panel 1 "b" C: datasource type victoriametrics-logs-datasource but ds_prometheus picks prometheus',
    ]);
  });
});
