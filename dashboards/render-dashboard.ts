import {
  DATASOURCE_VARIABLES,
  type DatasourceKind,
  type DashboardSpec,
  type Expectation,
  type PanelSpec,
  type TargetSpec,
  type VariableSpec,
} from './dashboard-spec.js';

/** Points per graph and the minimum step: fixed so `aimon dashboards check` can derive $__interval as Grafana does. */
export const GRAPH_MAX_DATA_POINTS = 300;
export const GRAPH_MIN_INTERVAL = '5s';
const MIXED = { type: 'datasource', uid: '-- Mixed --' };

type Json = Record<string, unknown>;

/** A reference through the datasource template variable, never a hard-coded uid. */
export function datasourceVariableRef(kind: DatasourceKind): Json {
  const variable = DATASOURCE_VARIABLES[kind];
  return { type: variable.pluginId, uid: `\${${variable.name}}` };
}

function datasourceRef(target: TargetSpec): Json {
  return datasourceVariableRef(target.datasource);
}

function renderTarget(target: TargetSpec, panel: PanelSpec): Json {
  if (target.datasource === 'prometheus') {
    return {
      refId: target.refId,
      datasource: datasourceRef(target),
      editorMode: 'code',
      expr: target.expr,
      instant: target.instant,
      range: !target.instant,
      format: panel.type === 'table' ? 'table' : 'time_series',
      legendFormat: target.legendFormat ?? '__auto',
    };
  }
  return {
    refId: target.refId,
    datasource: datasourceRef(target),
    editorMode: 'code',
    expr: target.expr,
    queryType: target.queryType,
    legendFormat: target.legendFormat ?? '',
    ...(target.maxLines !== undefined ? { maxLines: target.maxLines } : {}),
  };
}

function panelOptions(panel: PanelSpec): Json {
  const reduceOptions = { calcs: ['lastNotNull'], fields: '', values: false };
  switch (panel.type) {
    case 'stat':
      return {
        reduceOptions,
        colorMode: 'value',
        graphMode: 'none',
        justifyMode: 'auto',
        textMode: 'value_and_name',
      };
    case 'gauge':
      return { reduceOptions, showThresholdLabels: false, showThresholdMarkers: true };
    case 'bargauge':
      return { reduceOptions, displayMode: 'basic', orientation: 'horizontal', showUnfilled: true };
    case 'table':
      return { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } };
    case 'timeseries':
      return {
        legend: { calcs: ['sum'], displayMode: 'table', placement: 'right', showLegend: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      };
    case 'logs':
      return {
        showTime: true,
        showLabels: false,
        showCommonLabels: false,
        wrapLogMessage: true,
        prettifyLogMessage: false,
        enableLogDetails: true,
        dedupStrategy: 'none',
        sortOrder: 'Descending',
      };
  }
}

function renderPanel(panel: PanelSpec, id: number, x: number, y: number): Json {
  const sources = new Set(panel.targets.map((target) => target.datasource));
  const first = panel.targets[0]!;
  const rendered: Json = {
    id,
    type: panel.type,
    title: panel.title,
    description: panel.description,
    gridPos: { h: panel.h, w: panel.w, x, y },
    datasource: sources.size > 1 ? MIXED : datasourceRef(first),
    targets: panel.targets.map((target) => renderTarget(target, panel)),
    fieldConfig: {
      defaults: {
        unit: panel.unit ?? 'short',
        ...(panel.decimals !== undefined ? { decimals: panel.decimals } : {}),
        ...(panel.unit === 'percentunit' ? { min: 0, max: 1 } : {}),
        ...(panel.unit === 'percent' ? { min: 0, max: 100 } : {}),
      },
      overrides: [],
    },
    options: panelOptions(panel),
  };
  if (panel.type === 'timeseries') {
    rendered.interval = GRAPH_MIN_INTERVAL;
    rendered.maxDataPoints = GRAPH_MAX_DATA_POINTS;
  }
  if (panel.type === 'table') {
    // One row per series; drop the Time column of instant results.
    rendered.transformations = [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName: { Time: true } } },
    ];
  }
  return rendered;
}

/** A datasource variable defaulting to the provisioned datasource of its type. */
function renderDatasourceVariable(kind: DatasourceKind): Json {
  const variable = DATASOURCE_VARIABLES[kind];
  return {
    name: variable.name,
    label: variable.label,
    type: 'datasource',
    query: variable.pluginId,
    regex: '',
    refresh: 1,
    hide: 0,
    includeAll: false,
    multi: false,
    current: { selected: true, text: variable.provisionedName, value: variable.provisionedUid },
    options: [],
  };
}

function renderVariable(variable: VariableSpec): Json {
  if (variable.kind === 'run') {
    // Hidden: real users leave it at ".*"; `aimon dashboards check` pins it to one simulated run (?var-run=<id>).
    return {
      name: variable.name,
      label: variable.label,
      type: 'textbox',
      hide: 2,
      query: '.*',
      current: { text: '.*', value: '.*' },
      options: [{ selected: true, text: '.*', value: '.*' }],
      description: 'aimon.run_id regex; ".*" for all data.',
    };
  }
  const common = {
    refresh: 2,
    includeAll: true,
    allValue: '.*',
    multi: false,
    sort: 1,
    current: { selected: true, text: 'All', value: '$__all' },
    options: [],
    hide: 0,
    ...(variable.description ? { description: variable.description } : {}),
  };
  if (variable.kind === 'logsField') {
    return {
      name: variable.name,
      label: variable.label,
      type: 'query',
      datasource: datasourceVariableRef('victorialogs'),
      query: {
        type: 'fieldValue',
        field: variable.field,
        query: variable.filter,
        limit: 1000,
        refId: 'VictoriaLogsVariableQueryEditor-VariableQuery',
      },
      definition: `${variable.field} of ${variable.filter}`,
      ...common,
    };
  }
  return {
    name: variable.name,
    label: variable.label,
    type: 'query',
    datasource: datasourceVariableRef('prometheus'),
    query: { qryType: 1, query: variable.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    definition: variable.query,
    ...common,
  };
}

/** Grafana dashboard JSON; panel ids are unique and stable (assigned in reading order). */
export function renderDashboard(spec: DashboardSpec): Json {
  const panels: Json[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.row,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const panel of row.panels) {
      if (x + panel.w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(renderPanel(panel, id++, x, y));
      x += panel.w;
      rowHeight = Math.max(rowHeight, panel.h);
    }
    y += rowHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-24h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    templating: {
      list: [
        renderDatasourceVariable('prometheus'),
        renderDatasourceVariable('victorialogs'),
        ...spec.variables.map(renderVariable),
      ],
    },
    annotations: { list: [] },
    links: [],
    panels,
  };
}

/** Expectations keyed "<dashboard uid>/<panel id>/<refId>", ids as renderDashboard assigns them. */
export function expectationsOf(spec: DashboardSpec): Map<string, Expectation> {
  const map = new Map<string, Expectation>();
  let id = 1;
  for (const row of spec.rows) {
    id++;
    for (const panel of row.panels) {
      const panelId = id++;
      for (const target of panel.targets) map.set(`${spec.uid}/${panelId}/${target.refId}`, target.expect);
    }
  }
  return map;
}
