/**
 * The dashboards are written as TypeScript specs (this folder) and rendered to the Grafana JSON under
 * stack/grafana/dashboards/ by `write-dashboards.ts`. Every panel carries, next to its queries, what its value must
 * be for a simulated run (`expect`): `aimon dashboards check` reads the rendered JSON (so an edited query is what gets
 * checked) and looks the expectation up by dashboard uid, panel id and refId.
 */
import type { AgentName } from '../core/ledger/index.js';

/** Uids of the datasources stack/grafana/provisioning provisions: the datasource variables' defaults. */
export const PROMETHEUS_UID = 'aimon-prometheus';
export const VICTORIALOGS_UID = 'aimon-victorialogs';
export const VICTORIALOGS_PLUGIN = 'victoriametrics-logs-datasource';

/**
 * Every panel, target and query variable names its datasource through one of these datasource template variables
 * (`{ type, uid: "${ds_prometheus}" }`), never by a hard-coded uid: provisioned, they default to the provisioned
 * datasources; exported (`aimon dashboards export`), to the datasource picked at import.
 */
export const DATASOURCE_VARIABLES = {
  prometheus: {
    name: 'ds_prometheus',
    label: 'Prometheus',
    pluginId: 'prometheus',
    pluginName: 'Prometheus',
    provisionedUid: PROMETHEUS_UID,
    provisionedName: 'Prometheus (aimon)',
    input: 'DS_PROMETHEUS',
  },
  victorialogs: {
    name: 'ds_victorialogs',
    label: 'VictoriaLogs',
    pluginId: VICTORIALOGS_PLUGIN,
    pluginName: 'VictoriaLogs',
    provisionedUid: VICTORIALOGS_UID,
    provisionedName: 'VictoriaLogs (aimon)',
    input: 'DS_VICTORIALOGS',
  },
} as const;

export type DatasourceKind = keyof typeof DATASOURCE_VARIABLES;

/** Selects ledger metric series: OTLP name, optional exact attribute filter. */
export interface MetricSelector {
  agent: AgentName;
  /** OTLP instrument name, e.g. "claude_code.cost.usage". */
  metric: string;
  /** Histograms: sum of observations ("value") or number of observations ("count"). Default "value". */
  field?: 'value' | 'count';
  /** Exact attribute (data point or resource) values; a list means any of them. */
  where?: Record<string, string | readonly string[]>;
}

/** Selects ledger log breakdowns (rolled up from any breakdown whose grouping covers `by`). */
export interface BreakdownSelector {
  event: string;
  where?: Record<string, string>;
  op: 'count' | 'sum';
  field?: string;
}

/**
 * What a target must return for a run, per result series. `by` names the attribute keys (dotted, as the clients
 * send them) whose values identify a series; the check maps them to Prometheus label names or VictoriaLogs field
 * names. "__name__" identifies LogsQL stats results by their result name.
 */
export type Expectation =
  | { kind: 'metricTotal'; select: MetricSelector; by: string[]; scale?: number }
  | { kind: 'metricRatio'; num: MetricSelector; den: MetricSelector; scale: number; by: string[] }
  | { kind: 'distinctPositive'; select: MetricSelector; distinct: string }
  | { kind: 'histogramQuantile'; select: MetricSelector; quantile: number }
  | { kind: 'codexEstimatedCost'; by: string[] }
  | { kind: 'eventCount'; events: string[] }
  | { kind: 'eventCountsByName'; prefix: string; label: string; qualify: string }
  | { kind: 'breakdown'; select: BreakdownSelector; by: string[] }
  | { kind: 'breakdownRatio'; num: BreakdownSelector; den: BreakdownSelector; scale: number; by: string[] }
  | {
      kind: 'rawQuantiles';
      agent: AgentName;
      event: string;
      field: string;
      quantiles: Record<string, number>;
    }
  | { kind: 'distinctSessions'; agent: AgentName }
  /** Raw log lines of one agent's events in the run: as many as the ledger counts, up to the panel's line limit. */
  | { kind: 'rawEvents'; agent: AgentName }
  /** No ledger truth: the query must run without error and, when `nonEmpty`, return data for a run. */
  | { kind: 'none'; reason: string; nonEmpty: boolean };

export interface PromTargetSpec {
  refId: string;
  datasource: 'prometheus';
  expr: string;
  /** Instant query at the end of the range (stat, bar gauge, table) or a range query (time series). */
  instant: boolean;
  legendFormat?: string;
  expect: Expectation;
}

export interface LogsTargetSpec {
  refId: string;
  datasource: 'victorialogs';
  expr: string;
  /**
   * The plugin's query types: "stats" → /select/logsql/stats_query, "statsRange" → stats_query_range, "instant" →
   * /select/logsql/query (raw log lines, at most `maxLines`).
   */
  queryType: 'stats' | 'statsRange' | 'instant';
  /** Raw log queries only: the line limit the plugin sends (its default is 1000). */
  maxLines?: number;
  legendFormat?: string;
  expect: Expectation;
}

export type TargetSpec = PromTargetSpec | LogsTargetSpec;

export type PanelType = 'stat' | 'bargauge' | 'table' | 'timeseries' | 'gauge' | 'logs';

export interface PanelSpec {
  title: string;
  description: string;
  type: PanelType;
  unit?: string;
  decimals?: number;
  /** Grid width (of 24) and height. */
  w: number;
  h: number;
  targets: TargetSpec[];
}

export interface RowSpec {
  row: string;
  panels: PanelSpec[];
}

export type VariableSpec =
  | {
      kind: 'run';
      name: string;
      label: string;
    }
  | {
      kind: 'promLabel';
      name: string;
      label: string;
      /** label_values(<series selector>, <label>) */
      query: string;
      description?: string;
    }
  | {
      /** Values of one VictoriaLogs field among the events a LogsQL filter selects (the plugin's "fieldValue"). */
      kind: 'logsField';
      name: string;
      label: string;
      field: string;
      filter: string;
      description?: string;
    };

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  file: string;
  variables: VariableSpec[];
  rows: RowSpec[];
}
