/**
 * The dashboards are written as TypeScript specs (this folder) and rendered to the Grafana JSON under
 * stack/grafana/dashboards/ by `write-dashboards.ts`. Every panel carries, next to its queries, what its value must
 * be for a simulated run (`expect`): `aimon dashboards check` reads the rendered JSON (so an edited query is what gets
 * checked) and looks the expectation up by dashboard uid, panel id and refId.
 */
import type { AgentName } from '../../../core/ledger.js';

export const PROMETHEUS_UID = 'aimon-prometheus';
export const VICTORIALOGS_UID = 'aimon-victorialogs';
export const VICTORIALOGS_PLUGIN = 'victoriametrics-logs-datasource';

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
  | { kind: 'none'; reason: string };

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
  /** The plugin's query types: "stats" → /select/logsql/stats_query, "statsRange" → stats_query_range. */
  queryType: 'stats' | 'statsRange';
  legendFormat?: string;
  expect: Expectation;
}

export type TargetSpec = PromTargetSpec | LogsTargetSpec;

export type PanelType = 'stat' | 'bargauge' | 'table' | 'timeseries' | 'gauge';

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
