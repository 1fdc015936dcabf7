import { BREAKDOWN_KEY_SEPARATOR, type LedgerBreakdown } from '../../core/ledger/index.js';
import { check, describeError, errored, type AssertionResult } from '../assertion.js';
import { BackendError } from '../backends/http-get.js';
import { formatFigure, nearlyEqual } from '../float-compare.js';
import { eventFilter, fieldName, runFilter, whereFilters } from '../logsql.js';
import type { Suite } from '../suite.js';

const SUITE = 'content';
const VALUE = 'aimon_value';

/** Each ledger breakdown (counts by model/tool/decision/status, token sums, cost by model and user) via LogsQL stats. */
export const contentSuite: Suite = {
  id: SUITE,
  title: 'Content',
  async run(ctx) {
    const results: AssertionResult[] = [];
    let backendDown: BackendError | undefined;
    for (const breakdown of ctx.ledger.breakdowns) {
      const query = breakdownQuery(ctx.ledger.runId, breakdown);
      const base = { id: `${SUITE}.${breakdown.id}`, suite: SUITE, title: breakdown.title, query };
      if (backendDown) {
        results.push(errored({ ...base, detail: `not checked: ${backendDown.message}` }));
        continue;
      }
      try {
        const rows = await ctx.logs.query(query, ctx.range);
        results.push(compareBreakdown(breakdown, rowsToValues(breakdown, rows), query));
      } catch (error) {
        if (error instanceof BackendError) backendDown = error;
        results.push(errored({ ...base, detail: describeError(error) }));
      }
    }
    return results;
  },
};

export function breakdownQuery(runId: string, breakdown: LedgerBreakdown): string {
  const filters = [runFilter(runId), eventFilter(breakdown.event), whereFilters(breakdown.where)].filter(
    Boolean,
  );
  const by = breakdown.by.length > 0 ? `by (${breakdown.by.map(fieldName).join(', ')}) ` : '';
  const op = breakdown.op === 'count' ? 'count()' : `${breakdown.op}(${fieldName(requireField(breakdown))})`;
  return `${filters.join(' ')} | stats ${by}${op} as ${VALUE}`;
}

function requireField(breakdown: LedgerBreakdown): string {
  if (!breakdown.field) throw new Error(`breakdown ${breakdown.id}: op ${breakdown.op} needs a field`);
  return breakdown.field;
}

export function rowsToValues(
  breakdown: LedgerBreakdown,
  rows: ReadonlyArray<Record<string, string>>,
): Map<string, number> {
  const values = new Map<string, number>();
  for (const row of rows) {
    const key = breakdown.by.map((field) => row[field] ?? '').join(BREAKDOWN_KEY_SEPARATOR);
    let value = Number(row[VALUE]);
    // sum() over a group without any numeric value is NaN in VictoriaLogs; the ledger calls that 0.
    if (Number.isNaN(value) && breakdown.op === 'sum') value = 0;
    values.set(key, value);
  }
  return values;
}

/** Key by key comparison; every wrong figure is named with its group. */
export function compareBreakdown(
  breakdown: LedgerBreakdown,
  actual: Map<string, number>,
  query: string,
): AssertionResult {
  const problems: string[] = [];
  const keys = new Set([...Object.keys(breakdown.values), ...actual.keys()]);
  for (const key of [...keys].sort()) {
    const want = breakdown.values[key];
    const got = actual.get(key);
    if (want === undefined) {
      if (got !== 0) problems.push(`${label(breakdown, key)}: not expected, got ${formatFigure(got!)}`);
      continue;
    }
    if (got === undefined) {
      if (want !== 0) problems.push(`${label(breakdown, key)}: expected ${formatFigure(want)}, got nothing`);
      continue;
    }
    if (!nearlyEqual(want, got))
      problems.push(`${label(breakdown, key)}: expected ${formatFigure(want)}, got ${formatFigure(got)}`);
  }
  const expectedKeys = Object.keys(breakdown.values).length;
  const total = (m: Iterable<number>): number => [...m].reduce((a, b) => a + b, 0);
  return check(problems.length === 0, {
    id: `${SUITE}.${breakdown.id}`,
    suite: SUITE,
    title: breakdown.title,
    expected: summary(expectedKeys, total(Object.values(breakdown.values))),
    actual:
      problems.length === 0
        ? summary(actual.size, total(actual.values()))
        : `${problems.length} of ${keys.size} groups differ`,
    detail:
      problems.slice(0, 50).join('; ') + (problems.length > 50 ? `; … ${problems.length - 50} more` : ''),
    query,
  });
}

function summary(groups: number, total: number): string {
  return groups === 1 ? formatFigure(total) : `${groups} groups, total ${formatFigure(total)}`;
}

function label(breakdown: LedgerBreakdown, key: string): string {
  const what = breakdown.field ? `${breakdown.op}(${breakdown.field})` : breakdown.op;
  if (breakdown.by.length === 0) return `${breakdown.event} ${what}`;
  const parts = key.split(BREAKDOWN_KEY_SEPARATOR);
  const group = breakdown.by.map((field, i) => `${field}=${JSON.stringify(parts[i] ?? '')}`).join(', ');
  return `${breakdown.event} ${what} [${group}]`;
}
