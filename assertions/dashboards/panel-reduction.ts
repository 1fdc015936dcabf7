/**
 * What a panel displays per series, from the query result: stat / gauge / bar gauge apply
 * `options.reduceOptions.calcs[0]`, time series the first legend calc, tables show one row per series (its value).
 */
import { BREAKDOWN_KEY_SEPARATOR } from '../../core/ledger/index.js';
import type { PanelJson, Series } from './datasource-queries.js';

export type Calc = 'lastNotNull' | 'last' | 'sum' | 'mean' | 'max' | 'min' | 'count' | 'firstNotNull';

export function panelCalc(panel: PanelJson): Calc {
  const options = panel.options ?? {};
  const reduce = (options.reduceOptions as { calcs?: string[] } | undefined)?.calcs?.[0];
  const legend = (options.legend as { calcs?: string[] } | undefined)?.calcs?.[0];
  const calc = (panel.type === 'timeseries' ? legend : reduce) ?? 'lastNotNull';
  return calc as Calc;
}

export function reduce(points: ReadonlyArray<[number, number | null]>, calc: Calc): number | null {
  const values = points.map(([, v]) => v).filter((v): v is number => v !== null && !Number.isNaN(v));
  if (values.length === 0) return null;
  switch (calc) {
    case 'lastNotNull':
      return values[values.length - 1]!;
    case 'last':
      return points[points.length - 1]?.[1] ?? null;
    case 'firstNotNull':
      return values[0]!;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'count':
      return values.length;
  }
}

export interface DisplayedFigures {
  figures: Map<string, number>;
  /** Series whose labels collide on the expectation's key (the panel would show them as separate items). */
  duplicates: string[];
}

/** Reduces every series and keys it by the given result labels (missing label = ""). */
export function displayedFigures(
  series: readonly Series[],
  labels: readonly string[],
  calc: Calc,
): DisplayedFigures {
  const figures = new Map<string, number>();
  const duplicates: string[] = [];
  for (const entry of series) {
    const value = reduce(entry.points, calc);
    if (value === null) continue;
    const key = labels.map((label) => entry.labels[label] ?? '').join(BREAKDOWN_KEY_SEPARATOR);
    if (figures.has(key)) duplicates.push(key);
    figures.set(key, value);
  }
  return { figures, duplicates };
}
