import { describe, expect, it } from 'vitest';
import { DASHBOARD_SPECS } from './dashboards.js';
import { exportDashboard } from './export-dashboard.js';
import { renderDashboard } from './render-dashboard.js';

const exported = DASHBOARD_SPECS.map((spec) => exportDashboard(renderDashboard(spec)));

describe('exportDashboard (Grafana "Export for sharing externally")', () => {
  it('asks for a Prometheus and a VictoriaLogs datasource at import', () => {
    for (const dashboard of exported) {
      expect(dashboard.__inputs).toEqual([
        {
          name: 'DS_PROMETHEUS',
          label: 'Prometheus',
          description: '',
          type: 'datasource',
          pluginId: 'prometheus',
          pluginName: 'Prometheus',
        },
        {
          name: 'DS_VICTORIALOGS',
          label: 'VictoriaLogs',
          description: '',
          type: 'datasource',
          pluginId: 'victoriametrics-logs-datasource',
          pluginName: 'VictoriaLogs',
        },
      ]);
    }
  });

  it('defaults the datasource variables to the ${DS_…} inputs and keeps no provisioned uid or numeric id', () => {
    for (const dashboard of exported) {
      const text = JSON.stringify(dashboard);
      expect(text).not.toContain('aimon-prometheus');
      expect(text).not.toContain('aimon-victorialogs');
      expect(dashboard.id).toBeNull();
      const variables = (dashboard.templating as { list: Array<Record<string, unknown>> }).list;
      expect(variables.filter((v) => v.type === 'datasource').map((v) => [v.name, v.current])).toEqual([
        ['ds_prometheus', { selected: true, text: '${DS_PROMETHEUS}', value: '${DS_PROMETHEUS}' }],
        ['ds_victorialogs', { selected: true, text: '${DS_VICTORIALOGS}', value: '${DS_VICTORIALOGS}' }],
      ]);
    }
  });

  it('lists Grafana, both datasource plugins and every panel plugin used in __requires', () => {
    const claude = exported.find((d) => d.uid === 'aimon-claude-code')!;
    const ids = (claude.__requires as Array<{ type: string; id: string }>).map((r) => `${r.type}:${r.id}`);
    expect(ids).toEqual([
      'panel:bargauge',
      'panel:gauge',
      'grafana:grafana',
      'panel:logs',
      'datasource:prometheus',
      'panel:stat',
      'panel:table',
      'panel:timeseries',
      'datasource:victoriametrics-logs-datasource',
    ]);
  });

  it('refuses a dashboard that names a datasource by a hard-coded uid', () => {
    const dashboard = renderDashboard(DASHBOARD_SPECS[0]!);
    const panels = dashboard.panels as Array<Record<string, unknown>>;
    panels[1]!.datasource = { type: 'prometheus', uid: 'aimon-prometheus' };
    expect(() => exportDashboard(dashboard)).toThrow(
      'aimon-claude-code panel 2: datasource {"type":"prometheus","uid":"aimon-prometheus"} is not a datasource variable',
    );
  });
});
