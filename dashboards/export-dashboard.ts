/**
 * Turns a provisioned dashboard into one any Grafana can import, as Grafana's "Export for sharing externally" does:
 * `__inputs` name the datasources to pick at import (type datasource, with the plugin id), `${DS_…}` references
 * take their place, `__requires` lists Grafana, the datasource plugins and the panel plugins, and the numeric id is
 * dropped. The panels keep pointing at the datasource variables; only the variables' defaults become `${DS_…}`, so
 * Grafana's importer replaces them with the datasources picked and the variables still let users switch later.
 */
import { IMAGES } from '../stack/versions.js';
import { DATASOURCE_VARIABLES } from './dashboard-spec.js';

type Json = Record<string, unknown>;

/** Panel plugins the dashboards use, with the names Grafana lists them under. */
const PANEL_NAMES: Readonly<Record<string, string>> = {
  bargauge: 'Bar gauge',
  gauge: 'Gauge',
  logs: 'Logs',
  stat: 'Stat',
  table: 'Table',
  timeseries: 'Time series',
};

interface Requirement {
  type: 'grafana' | 'datasource' | 'panel';
  id: string;
  name: string;
  version: string;
}

/** The Grafana release the compose stack runs: the version the exported dashboards were made for. */
export const GRAFANA_VERSION = IMAGES.grafana.replace(/^.*:/, '');

function panelsOf(dashboard: Json): Json[] {
  const out: Json[] = [];
  for (const panel of (dashboard.panels as Json[] | undefined) ?? []) {
    out.push(panel);
    for (const inner of (panel.panels as Json[] | undefined) ?? []) out.push(inner);
  }
  return out;
}

/**
 * The import-ready copy of one dashboard. Throws when a datasource is referenced any other way than through the
 * datasource variables (an export with a hard-coded uid would break in every other Grafana).
 */
export function exportDashboard(provisioned: Json): Json {
  const dashboard = structuredClone(provisioned);
  const variables = ((dashboard.templating as { list?: Json[] } | undefined)?.list ?? []) as Json[];
  const known = new Map<string, (typeof DATASOURCE_VARIABLES)[keyof typeof DATASOURCE_VARIABLES]>(
    Object.values(DATASOURCE_VARIABLES).map((v) => [v.name, v]),
  );
  const inputs: Json[] = [];
  const requires = new Map<string, Requirement>();
  requires.set('grafana', { type: 'grafana', id: 'grafana', name: 'Grafana', version: GRAFANA_VERSION });

  for (const variable of variables) {
    if (variable.type === 'datasource') {
      const spec = known.get(String(variable.name));
      if (!spec)
        throw new Error(`${String(dashboard.uid)}: unknown datasource variable ${String(variable.name)}`);
      inputs.push({
        name: spec.input,
        label: spec.label,
        description: '',
        type: 'datasource',
        pluginId: spec.pluginId,
        pluginName: spec.pluginName,
      });
      variable.current = { selected: true, text: `\${${spec.input}}`, value: `\${${spec.input}}` };
      variable.options = [];
    } else if (variable.type === 'query') {
      // As Grafana's exporter: options are found again on load; "All" is no instance's data, so it stays.
      variable.options = [];
    }
  }

  const checkRef = (ref: unknown, where: string): void => {
    const { uid, type } = (ref ?? {}) as { uid?: string; type?: string };
    if (uid === '-- Mixed --') return;
    const name = /^\$\{(\w+)\}$/.exec(uid ?? '')?.[1];
    const spec = name ? known.get(name) : undefined;
    if (!spec || spec.pluginId !== type)
      throw new Error(
        `${String(dashboard.uid)} ${where}: datasource ${JSON.stringify(ref)} is not a datasource variable`,
      );
    requires.set(`datasource:${spec.pluginId}`, {
      type: 'datasource',
      id: spec.pluginId,
      name: spec.pluginName,
      version: spec.pluginId === 'prometheus' ? '1.0.0' : '',
    });
  };
  for (const panel of panelsOf(dashboard)) {
    if (panel.type === 'row') continue;
    const where = `panel ${String(panel.id)}`;
    checkRef(panel.datasource, where);
    for (const target of (panel.targets as Json[] | undefined) ?? [])
      checkRef(target.datasource ?? panel.datasource, `${where} ${String(target.refId)}`);
    const type = String(panel.type);
    requires.set(`panel:${type}`, { type: 'panel', id: type, name: PANEL_NAMES[type] ?? type, version: '' });
  }
  for (const variable of variables)
    if (variable.type === 'query') checkRef(variable.datasource, `variable ${String(variable.name)}`);

  delete dashboard.id;
  return {
    __inputs: inputs,
    __elements: {},
    __requires: [...requires.values()].sort((a, b) => a.id.localeCompare(b.id)),
    id: null,
    ...dashboard,
  };
}
