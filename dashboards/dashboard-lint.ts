/**
 * Static checks over rendered dashboard JSON: ids, datasources, time ranges, and every metric, label and field
 * name against what the real clients emit.
 */
import {
  DERIVED_LABELS,
  LOG_EVENT_NAMES,
  LOG_FIELDS,
  PROMETHEUS_LABELS,
  PROMETHEUS_METRICS,
} from './telemetry-names.js';

interface Target {
  refId?: string;
  expr?: string;
  datasource?: { uid?: string; type?: string };
}
interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { uid?: string; type?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type?: string;
  datasource?: { uid?: string; type?: string };
  query?: unknown;
  current?: { value?: unknown };
}
export interface Dashboard {
  uid?: string;
  title?: string;
  panels?: Panel[];
  templating?: { list?: Variable[] };
}

/** A provisioned datasource: the uid a datasource variable may default to, and its plugin. */
export interface ProvisionedDatasource {
  uid: string;
  type: string;
}

function allPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Strips string literals so names inside quotes (label values, regexes) are not mistaken for identifiers. */
function withoutStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export function lintPromQL(expr: string): string[] {
  const problems: string[] = [];
  const code = withoutStrings(expr);
  for (const match of code.matchAll(/\[([^\]]*)\]/g)) {
    if (
      !/^\$__(range|interval|rate_interval)$|^\$\{__(range|interval|rate_interval)\}$/.test(match[1]!.trim())
    ) {
      problems.push(
        `range selector [${match[1]}] is hard-coded (use $__range, $__interval or $__rate_interval)`,
      );
    }
  }
  for (const match of code.matchAll(/\boffset\s+(\S+)/g)) {
    if (!match[1]!.startsWith('$__')) problems.push(`offset ${match[1]} is hard-coded`);
  }
  if (/@\s*\d/.test(code)) problems.push('@ timestamp modifier pins the query to a fixed time');
  if (
    /\b(irate|idelta)\s*\(/.test(code) ||
    /\b(increase|rate|delta)\s*\([^()]*\[[^\]]*\](?!\s*anchored)/.test(code)
  ) {
    problems.push(
      'increase()/rate() without `anchored` extrapolate past the last sample: use increase(x[$__range] anchored)',
    );
  }
  const metricPattern = /\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g;
  for (const match of code.matchAll(metricPattern)) {
    const name = match[1]!;
    if (!PROMETHEUS_METRICS.has(name)) problems.push(`metric ${name} is not one the clients emit`);
  }
  for (const match of code.matchAll(/\b([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""/g)) {
    if (!PROMETHEUS_LABELS.has(match[1]!)) problems.push(`label ${match[1]} is not one the clients emit`);
  }
  for (const match of code.matchAll(/\b(by|on|without|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    for (const label of match[2]!
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean)) {
      if (!PROMETHEUS_LABELS.has(label) && !DERIVED_LABELS.has(label))
        problems.push(`label ${label} is not one the clients emit`);
    }
  }
  for (const match of expr.matchAll(/label_replace\([^"]*"([^"]+)"\s*,\s*"[^"]*"\s*,\s*"([^"]*)"/g)) {
    const source = match[2]!;
    if (source !== '' && !PROMETHEUS_LABELS.has(source))
      problems.push(`label_replace source label ${source} is unknown`);
  }
  return problems;
}

export function lintLogsQL(expr: string): string[] {
  const problems: string[] = [];
  const [filterPart = '', ...pipes] = expr.split('|');
  if (/_time\s*:/.test(filterPart))
    problems.push('a _time filter hard-codes the range (the dashboard range applies)');
  for (const match of filterPart.matchAll(/([a-zA-Z_][\w.]*)\s*:(=|~|in\(|!)?/g)) {
    const field = match[1]!;
    if (field === 'in') continue;
    if (!LOG_FIELDS.has(field)) problems.push(`field ${field} is not one the clients emit`);
  }
  for (const match of filterPart.matchAll(/event\.name\s*:\s*"([^"]+)"/g)) {
    problems.push(`event.name:"${match[1]}" is a phrase match (also matches codex.${match[1]}): use :=`);
  }
  for (const match of filterPart.matchAll(/event\.name\s*:=\s*"([^"]+)"/g)) {
    if (!LOG_EVENT_NAMES.has(match[1]!)) problems.push(`event ${match[1]} is not one the clients emit`);
  }
  for (const match of filterPart.matchAll(/event\.name\s*:in\(([^)]*)\)/g)) {
    for (const name of match[1]!.split(',').map((n) => n.trim().replace(/^"|"$/g, ''))) {
      if (!LOG_EVENT_NAMES.has(name)) problems.push(`event ${name} is not one the clients emit`);
    }
  }
  const pipeText = pipes.join('|');
  if (/\bjson\b|\bunpack_json\b/.test(pipeText))
    problems.push('| json / unpack_json: OTLP attributes are already fields');
  const stats = /stats\s+(?:by\s*\(([^)]*)\))?/.exec(pipeText);
  for (const field of (stats?.[1] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)) {
    if (!LOG_FIELDS.has(field)) problems.push(`field ${field} is not one the clients emit`);
  }
  for (const match of pipeText.matchAll(/\b(sum|avg|min|max|count_uniq|median)\(([\w.]+)\)/g)) {
    if (!LOG_FIELDS.has(match[2]!)) problems.push(`field ${match[2]} is not one the clients emit`);
  }
  for (const match of pipeText.matchAll(/\bquantile\(\s*[\d.]+\s*,\s*([\w.]+)\)/g)) {
    if (!LOG_FIELDS.has(match[1]!)) problems.push(`field ${match[1]} is not one the clients emit`);
  }
  for (const match of pipeText.matchAll(/if\s*\(([\w.]+):/g)) {
    if (!LOG_FIELDS.has(match[1]!)) problems.push(`field ${match[1]} is not one the clients emit`);
  }
  return problems;
}

/** `${name}` (or `$name`) → name; undefined for anything else, e.g. a hard-coded uid. */
export function datasourceVariableName(uid: string | undefined): string | undefined {
  return /^\$\{(\w+)\}$|^\$(\w+)$/
    .exec(uid ?? '')
    ?.slice(1)
    .find(Boolean);
}

/**
 * Every problem of one dashboard, each prefixed with where it is. Datasources must be named through datasource
 * variables (`uid: "${ds_prometheus}"`) of the same plugin type, whose default is a provisioned datasource, so the
 * dashboard works provisioned and in any Grafana it is imported into.
 */
export function lintDashboard(dashboard: Dashboard, provisioned: readonly ProvisionedDatasource[]): string[] {
  const problems: string[] = [];
  const where = (panel: Panel, target?: Target): string =>
    `${dashboard.uid ?? '?'} panel ${panel.id ?? '?'} "${panel.title ?? ''}"${target ? ` ${target.refId ?? ''}` : ''}`;
  if (!dashboard.uid) problems.push('dashboard has no uid');
  const variables = dashboard.templating?.list ?? [];
  const datasourceVariables = new Map(
    variables.filter((v) => v.type === 'datasource').map((v) => [v.name, v] as const),
  );
  for (const variable of datasourceVariables.values()) {
    const current = variable.current?.value;
    const match = provisioned.find((d) => d.uid === current);
    if (!match)
      problems.push(
        `datasource variable ${variable.name}: default ${JSON.stringify(current)} is not a provisioned datasource`,
      );
    else if (match.type !== variable.query)
      problems.push(
        `datasource variable ${variable.name}: default ${match.uid} is a ${match.type}, not a ${String(variable.query)}`,
      );
  }
  /** Problems of one datasource reference; returns the plugin type it resolves to. */
  const checkRef = (
    ref: { uid?: string; type?: string } | undefined,
    whereText: string,
  ): string | undefined => {
    const name = datasourceVariableName(ref?.uid);
    if (!name) {
      problems.push(
        `${whereText}: datasource uid ${ref?.uid ?? '(none)'} is hard-coded (use a datasource variable)`,
      );
      return ref?.type;
    }
    const variable = datasourceVariables.get(name);
    if (!variable) {
      problems.push(`${whereText}: datasource variable ${name} is not defined`);
      return ref?.type;
    }
    if (ref?.type !== variable.query)
      problems.push(
        `${whereText}: datasource type ${ref?.type ?? '(none)'} but ${name} picks ${String(variable.query)}`,
      );
    return String(variable.query);
  };
  const ids = new Set<number>();
  for (const panel of allPanels(dashboard)) {
    if (typeof panel.id !== 'number') problems.push(`${where(panel)}: no numeric id`);
    else if (ids.has(panel.id)) problems.push(`${where(panel)}: duplicate panel id ${panel.id}`);
    else ids.add(panel.id);
    if (panel.type === 'row') continue;
    if (!panel.targets || panel.targets.length === 0) problems.push(`${where(panel)}: no queries`);
    if (panel.datasource?.uid !== '-- Mixed --') checkRef(panel.datasource, where(panel));
    for (const target of panel.targets ?? []) {
      const type = checkRef(target.datasource ?? panel.datasource, where(panel, target));
      const expr = target.expr ?? '';
      const lint = type === 'prometheus' ? lintPromQL(expr) : lintLogsQL(expr);
      for (const problem of lint) problems.push(`${where(panel, target)}: ${problem}`);
    }
  }
  for (const variable of variables) {
    if (variable.type !== 'query') continue;
    const type = checkRef(variable.datasource, `variable ${variable.name}`);
    const query =
      typeof variable.query === 'object' && variable.query
        ? (variable.query as { query?: string }).query
        : undefined;
    if (typeof query === 'string') {
      const lint = type === 'prometheus' ? lintPromQL(query) : lintLogsQL(query);
      for (const problem of lint) problems.push(`variable ${variable.name}: ${problem}`);
    }
  }
  return problems;
}
