/**
 * The dashboard suite: every panel target of every dashboard, interpolated and sent as Grafana would, reduced as
 * the panel displays it, compared with what the run's ledger implies.
 */
import type { QueryEndpoints } from '../../core/endpoints.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { errorMessage } from '../../core/errors.js';
import { allExpectations } from '../../dashboards/dashboards.js';
import type { Expectation } from '../../dashboards/dashboard-spec.js';
import { readDashboardFiles } from '../../dashboards/write-dashboards.js';
import { errored, failed, passed, skipped, type AssertionResult } from '../assertion.js';
import { formatFigure, nearlyEqual } from '../float-compare.js';
import { prometheusLabelName } from '../prometheus-names.js';
import {
  DEFAULT_MAX_LINES,
  executeTarget,
  executeVariableQuery,
  type ExecutedQuery,
  type PanelJson,
  type TargetJson,
} from './datasource-queries.js';
import { datasourceVariables } from './datasource-ref.js';
import type { VariableValue } from './interpolate.js';
import { expectedFigures, type Figures } from './ledger-expectations.js';
import { displayedFigures, panelCalc } from './panel-reduction.js';

export const SUITE = 'dashboards';

export interface DashboardJson {
  uid: string;
  title: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
}

interface VariableJson {
  name: string;
  label?: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string;
  current?: { value?: string | string[] };
  query?: unknown;
}

export interface DashboardCheckContext {
  ledger: RunLedger;
  endpoints: QueryEndpoints;
  fromMs: number;
  toMs: number;
  /** Dashboards to check; default: stack/grafana/dashboards/*.json. */
  dashboards?: DashboardJson[];
  /** Expectations by "<uid>/<panel id>/<refId>"; default: the ones declared with the dashboard specs. */
  expectations?: ReadonlyMap<string, Expectation>;
  /**
   * Keep re-querying failing panels until this much time has passed (ingestion still settling); retries move the
   * range end to "now" (a graph's last step ends at floor(to / step), so data just before `toMs` may not show yet).
   * Default 0.
   */
  settleMs?: number;
  /**
   * Variables pinned to one value (name → value) instead of "All", e.g. { session: "<id>" }; a dashboard without
   * the variable ignores it. Expectations stay the run's, so pin only what the checked targets allow for.
   */
  variables?: Readonly<Record<string, string>>;
}

/** The provisioned dashboards (stack/grafana/dashboards/*.json, sorted by file name), or those in `dir`. */
export function loadDashboards(dir?: string): DashboardJson[] {
  return readDashboardFiles(dir).map(({ json }) => json as unknown as DashboardJson);
}

/** Flattens rows (collapsed rows keep their panels inside). */
export function panelsOf(dashboard: DashboardJson): PanelJson[] {
  const out: PanelJson[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (panel.type === 'row') out.push(...(panel.panels ?? []));
    else out.push(panel);
  }
  return out;
}

/**
 * Variables pinned for a run: the run variable to the run id, `pinned` ones to their value, every other variable
 * at "All". Datasource variables are not text to substitute: executeTarget resolves references to them.
 */
export function runVariables(
  dashboard: DashboardJson,
  runId: string,
  pinned: Readonly<Record<string, string>> = {},
): Map<string, VariableValue> {
  const variables = new Map<string, VariableValue>();
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'datasource') continue;
    const common = {
      name: variable.name,
      includeAll: variable.includeAll ?? false,
      multi: variable.multi ?? false,
    };
    if (variable.name === 'run') {
      variables.set(variable.name, { ...common, value: runId });
    } else if (pinned[variable.name] !== undefined) {
      variables.set(variable.name, { ...common, value: pinned[variable.name] });
    } else if (variable.includeAll) {
      variables.set(variable.name, {
        ...common,
        ...(variable.allValue !== undefined ? { allValue: variable.allValue } : {}),
      });
    } else {
      const current = variable.current?.value;
      variables.set(variable.name, {
        ...common,
        value: Array.isArray(current) ? (current[0] ?? '') : (current ?? ''),
      });
    }
  }
  return variables;
}

function resultLabel(attr: string, datasourceType: string | undefined): string {
  if (attr === '__name__') return attr;
  return datasourceType === 'prometheus' ? prometheusLabelName(attr) : attr;
}

function expectationLabels(expectation: Expectation): string[] {
  switch (expectation.kind) {
    case 'metricTotal':
    case 'metricRatio':
    case 'codexEstimatedCost':
    case 'breakdown':
    case 'breakdownRatio':
      return expectation.by;
    case 'eventCountsByName':
      return [expectation.label];
    case 'rawQuantiles':
      return ['__name__'];
    default:
      return [];
  }
}

function showFigures(figures: Figures): string {
  if (figures.size === 0) return 'no data';
  const entries = [...figures.entries()].sort(([a], [b]) => a.localeCompare(b));
  return entries
    .map(([key, value]) =>
      key === '' ? formatFigure(value) : `${key.replaceAll('\u001f', '/')}=${formatFigure(value)}`,
    )
    .join(', ');
}

/** Differences between expected and displayed figures; a group missing on one side counts as 0 there. */
export function compareFigures(
  expected: Figures,
  actual: Figures,
  ranges?: ReadonlyMap<string, readonly [number, number]>,
): string[] {
  const problems: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key);
    const a = actual.get(key);
    const label = key === '' ? 'value' : key.replaceAll('\u001f', '/');
    if (e === undefined && (a === 0 || a === undefined)) continue;
    if (a === undefined && e === 0) continue;
    if (e === undefined) problems.push(`${label}: shown ${formatFigure(a!)}, expected nothing`);
    else if (a === undefined) problems.push(`${label}: expected ${formatFigure(e)}, panel shows nothing`);
    else if (ranges?.has(key)) {
      const [min, max] = ranges.get(key)!;
      if (a < min || a > max)
        problems.push(
          `${label}: expected ${formatFigure(min)}…${formatFigure(max)} (estimate), shown ${formatFigure(a)}`,
        );
    } else if (!nearlyEqual(e, a))
      problems.push(`${label}: expected ${formatFigure(e)}, shown ${formatFigure(a)}`);
  }
  return problems;
}

function hasData(executed: ExecutedQuery): boolean {
  if (executed.rows) return executed.rows.length > 0;
  return executed.series.some((series) => series.points.some(([, value]) => value !== null));
}

function describeData(executed: ExecutedQuery): string {
  return executed.rows ? `${executed.rows.length} log lines` : `${executed.series.length} series`;
}

/** Log lines that belong to another run: a raw-events panel must list only the pinned run's events. */
function foreignRows(executed: ExecutedQuery, runId: string): number {
  return (executed.rows ?? []).filter((row) => row['aimon.run_id'] !== runId).length;
}

async function checkTarget(
  dashboard: DashboardJson,
  panel: PanelJson,
  target: TargetJson,
  expectation: Expectation | undefined,
  variables: Map<string, VariableValue>,
  ctx: DashboardCheckContext,
): Promise<AssertionResult> {
  const id = `${SUITE}.${dashboard.uid}.${panel.id}.${target.refId}`;
  const title = `${dashboard.title} › ${panel.title}${(panel.targets?.length ?? 0) > 1 ? ` [${target.refId}]` : ''}`;
  if (!expectation) {
    return failed({
      id,
      suite: SUITE,
      title,
      expected: 'an expectation',
      actual: 'none',
      detail: 'panel target has no declared expectation',
      query: target.expr ?? '',
    });
  }
  const rawLogs = target.queryType === 'instant';
  let outcome;
  try {
    outcome = await expectedFigures(expectation, {
      ledger: ctx.ledger,
      victoriaLogsUrl: ctx.endpoints.victoriaLogs,
      fromMs: ctx.fromMs,
      toMs: ctx.toMs,
      ...(rawLogs ? { lineLimit: target.maxLines ?? DEFAULT_MAX_LINES } : {}),
    });
  } catch (error) {
    return errored({ id, suite: SUITE, title, detail: `computing the expectation: ${errorMessage(error)}` });
  }
  let executed;
  try {
    executed = await executeTarget(
      panel,
      target,
      variables,
      { fromMs: ctx.fromMs, toMs: ctx.toMs },
      ctx.endpoints,
      datasourceVariables(dashboard.templating?.list),
    );
  } catch (error) {
    return errored({
      id,
      suite: SUITE,
      title,
      ...(outcome.status === 'expected' ? { expected: showFigures(outcome.figures) } : {}),
      detail: errorMessage(error),
      query: target.expr ?? '',
    });
  }
  const foreign = foreignRows(executed, ctx.ledger.runId);
  if (outcome.status === 'unavailable') {
    // No ledger truth: the query ran; it must show data where the panel always has some.
    const fields = {
      id,
      suite: SUITE,
      title,
      expected: outcome.nonEmpty ? 'data, no error' : 'no error',
      actual: describeData(executed),
      query: executed.request,
    };
    if (outcome.nonEmpty && !hasData(executed))
      return failed({ ...fields, detail: `${outcome.reason}; the panel shows no data` });
    if (foreign > 0) return failed({ ...fields, detail: `${foreign} log lines of other runs` });
    const detail = `no ledger truth: ${outcome.reason}; the query ran without error (${describeData(executed)})`;
    return outcome.byDesign ? passed({ ...fields, detail }) : skipped({ ...fields, detail });
  }
  const datasourceType = target.datasource?.type ?? panel.datasource?.type;
  const labels = expectationLabels(expectation).map((attr) => resultLabel(attr, datasourceType));
  const shown = executed.rows
    ? { figures: new Map([['', executed.rows.length]]), duplicates: [] as string[] }
    : displayedFigures(executed.series, labels, panelCalc(panel));
  const problems = compareFigures(outcome.figures, shown.figures, outcome.ranges);
  if (shown.duplicates.length > 0)
    problems.push(`several series share the key(s) ${shown.duplicates.join(', ')}`);
  if (foreign > 0) problems.push(`${foreign} log lines of other runs`);
  const fields = {
    id,
    suite: SUITE,
    title,
    expected: showFigures(outcome.figures),
    actual: showFigures(shown.figures),
    query: executed.request,
  };
  return problems.length === 0
    ? passed({ ...fields, ...(outcome.note ? { detail: outcome.note } : {}) })
    : failed({ ...fields, detail: problems.join('; ') });
}

/** A query variable's options, fetched as Grafana would for the pinned run: the query must answer. */
async function checkVariable(
  dashboard: DashboardJson,
  variable: VariableJson,
  variables: Map<string, VariableValue>,
  ctx: DashboardCheckContext,
): Promise<AssertionResult> {
  const id = `${SUITE}.${dashboard.uid}.variable.${variable.name}`;
  const title = `${dashboard.title} › variable ${variable.label ?? variable.name}`;
  try {
    const executed = await executeVariableQuery(
      variable,
      variables,
      { fromMs: ctx.fromMs, toMs: ctx.toMs },
      ctx.endpoints,
      datasourceVariables(dashboard.templating?.list),
    );
    const shown = executed.values.slice(0, 5).join(', ') + (executed.values.length > 5 ? ', …' : '');
    return passed({
      id,
      suite: SUITE,
      title,
      expected: 'options, no error',
      actual: `${executed.values.length} options${shown ? `: ${shown}` : ''}`,
      query: executed.request,
    });
  } catch (error) {
    return errored({ id, suite: SUITE, title, detail: errorMessage(error) });
  }
}

async function checkOnce(ctx: DashboardCheckContext, only?: ReadonlySet<string>): Promise<AssertionResult[]> {
  const dashboards = ctx.dashboards ?? loadDashboards();
  const expectations = ctx.expectations ?? allExpectations();
  const results: AssertionResult[] = [];
  for (const dashboard of dashboards) {
    const variables = runVariables(dashboard, ctx.ledger.runId, ctx.variables);
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== 'query') continue;
      const id = `${SUITE}.${dashboard.uid}.variable.${variable.name}`;
      if (only && !only.has(id)) continue;
      results.push(await checkVariable(dashboard, variable, variables, ctx));
    }
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) {
        if (target.hide) continue;
        const id = `${SUITE}.${dashboard.uid}.${panel.id}.${target.refId}`;
        if (only && !only.has(id)) continue;
        const expectation = expectations.get(`${dashboard.uid}/${panel.id}/${target.refId}`);
        results.push(await checkTarget(dashboard, panel, target, expectation, variables, ctx));
      }
    }
  }
  return results;
}

/** Runs the dashboard suite; failing panels are re-queried until `settleMs` has passed. */
export async function runDashboardChecks(ctx: DashboardCheckContext): Promise<AssertionResult[]> {
  let results = await checkOnce(ctx);
  const deadline = Date.now() + (ctx.settleMs ?? 0);
  while (Date.now() < deadline && results.some((r) => r.status === 'failed')) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const retry = new Set(results.filter((r) => r.status === 'failed').map((r) => r.id));
    const again = new Map(
      (await checkOnce({ ...ctx, toMs: Math.max(ctx.toMs, Date.now()) }, retry)).map((r) => [r.id, r]),
    );
    results = results.map((r) => again.get(r.id) ?? r);
  }
  return results;
}
