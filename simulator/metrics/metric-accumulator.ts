import type { MetricIncrement, SimAttributes, SimResource, SimScope } from '../agents/agent-model.js';
import type { LedgerMetricSeries, MetricAttributes } from '../../core/ledger.js';
import { plainValue } from '../encode/attributes-encoder.js';

export type Temporality = 'delta' | 'cumulative';

/** One metric stream: instrument + resource + data point attributes (aimon.run_id included when tagging). */
export interface MetricSeries {
  readonly key: string;
  readonly resource: SimResource;
  readonly scope: SimScope;
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: 'sum' | 'histogram';
  readonly valueType: 'double' | 'int';
  readonly attributes: SimAttributes;
  readonly explicitBounds?: readonly number[];
}

export interface MetricPoint {
  readonly series: MetricSeries;
  readonly temporality: Temporality;
  readonly startMs: number;
  readonly timeMs: number;
  /** Sum value, or the histogram's sum. */
  readonly value: number;
  readonly count?: number;
  readonly bucketCounts?: readonly number[];
  readonly min?: number;
  readonly max?: number;
}

interface Window {
  value: number;
  count: number;
  buckets: number[] | undefined;
  min: number;
  max: number;
}

interface SeriesState {
  series: MetricSeries;
  pending: Window;
  total: Window;
  dirty: boolean;
  /** End time of the last exported point: the next delta point starts here (chained start times). */
  lastEndMs: number;
  firstMs: number;
  /** What the backend should hold: acknowledged points only. */
  acked: Window;
  ackedAny: boolean;
}

/** Placeholder for windows a series never uses (total under delta, acked before the first acknowledgement). */
const UNUSED_WINDOW: Window = Object.freeze({
  value: 0,
  count: 0,
  buckets: undefined,
  min: Infinity,
  max: -Infinity,
}) as Window;

function emptyWindow(bounds: readonly number[] | undefined): Window {
  return {
    value: 0,
    count: 0,
    buckets: bounds ? new Array(bounds.length + 1).fill(0) : undefined,
    min: Infinity,
    max: -Infinity,
  };
}

export function bucketIndex(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
  return bounds.length;
}

function observe(window: Window, inc: MetricIncrement, bounds: readonly number[] | undefined): void {
  window.value += inc.value;
  if (inc.kind === 'histogram') {
    window.count += 1;
    if (window.buckets && bounds) window.buckets[bucketIndex(bounds, inc.value)]! += 1;
    if (inc.value < window.min) window.min = inc.value;
    if (inc.value > window.max) window.max = inc.value;
  }
}

function seriesKey(inc: MetricIncrement): string {
  let key = `${inc.resource.id}\u0000${inc.scope.name}\u0000${inc.name}`;
  const attributes = inc.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const [k, v] = attributes[i]!;
    const s = (v as { s?: string }).s;
    key += `\u0000${k}=${s !== undefined ? s : String(plainValue(v))}`;
  }
  return key;
}

/**
 * Accumulates MetricIncrements per series and turns them into data points on each export interval, as the
 * clients' SDKs do: DELTA by default with chained start times, only series that changed, flushed at the end.
 */
export class MetricAccumulator {
  private readonly states = new Map<string, SeriesState>();
  /** Identity cache: attributes array → series by instrument, so the hot path never builds the full key. */
  private readonly byAttributes = new WeakMap<SimAttributes, SeriesState | Map<string, SeriesState>>();

  constructor(
    private readonly temporality: Temporality,
    private readonly startMs: number,
    private readonly runTag: SimAttributes,
  ) {}

  add(inc: MetricIncrement): void {
    // Usually one instrument per attributes array: the state itself is cached, a Map only when there are more.
    const local = this.byAttributes.get(inc.attributes);
    let state = local instanceof Map ? local.get(inc.name) : local;
    if (
      !state ||
      state.series.name !== inc.name ||
      state.series.resource !== inc.resource ||
      state.series.scope.name !== inc.scope.name
    ) {
      state = this.lookup(inc);
      if (local === undefined) this.byAttributes.set(inc.attributes, state);
      else if (local instanceof Map) local.set(inc.name, state);
      else if (local.series.name !== inc.name)
        this.byAttributes.set(
          inc.attributes,
          new Map([
            [local.series.name, local],
            [inc.name, state],
          ]),
        );
      else this.byAttributes.set(inc.attributes, state);
    }
    const bounds = state.series.explicitBounds;
    observe(state.pending, inc, bounds);
    // Only cumulative exports read the running total.
    if (this.temporality === 'cumulative') observe(state.total, inc, bounds);
    state.dirty = true;
  }

  private lookup(inc: MetricIncrement): SeriesState {
    const key = seriesKey(inc);
    let state = this.states.get(key);
    if (!state) {
      const bounds = inc.kind === 'histogram' ? (inc.explicitBounds ?? []) : undefined;
      state = {
        series: {
          key,
          resource: inc.resource,
          scope: inc.scope,
          name: inc.name,
          unit: inc.unit,
          description: inc.description,
          kind: inc.kind,
          valueType: inc.valueType,
          attributes: this.runTag.length ? [...inc.attributes, ...this.runTag] : inc.attributes,
          explicitBounds: bounds,
        },
        pending: emptyWindow(bounds),
        total: this.temporality === 'cumulative' ? emptyWindow(bounds) : UNUSED_WINDOW,
        acked: UNUSED_WINDOW,
        ackedAny: false,
        dirty: false,
        lastEndMs: this.startMs,
        firstMs: this.startMs,
      };
      this.states.set(key, state);
    }
    return state;
  }

  /** Points for every series that changed since the last collection (an unchanged series exports nothing). */
  collect(nowMs: number): MetricPoint[] {
    const points: MetricPoint[] = [];
    for (const state of this.states.values()) {
      if (!state.dirty) continue;
      const w = this.temporality === 'delta' ? state.pending : state.total;
      const start = this.temporality === 'delta' ? state.lastEndMs : state.firstMs;
      const time = Math.max(nowMs, state.lastEndMs + 1);
      points.push({
        series: state.series,
        temporality: this.temporality,
        startMs: start,
        timeMs: time,
        value: w.value,
        ...(state.series.kind === 'histogram'
          ? { count: w.count, bucketCounts: [...(w.buckets ?? [])], min: w.min, max: w.max }
          : {}),
      });
      state.lastEndMs = time;
      state.pending = emptyWindow(state.series.explicitBounds);
      state.dirty = false;
    }
    return points;
  }

  /** Records that the backend acknowledged these points: they count in the ledger's expected values. */
  acknowledge(points: readonly MetricPoint[]): void {
    for (const point of points) {
      const state = this.states.get(point.series.key);
      if (!state) continue;
      if (!state.ackedAny) state.acked = emptyWindow(state.series.explicitBounds);
      const acked = state.acked;
      if (point.temporality === 'delta') {
        acked.value += point.value;
        acked.count += point.count ?? 0;
        point.bucketCounts?.forEach((c, i) => (acked.buckets![i]! += c));
      } else {
        acked.value = point.value;
        acked.count = point.count ?? 0;
        if (point.bucketCounts) acked.buckets = [...point.bucketCounts];
      }
      state.ackedAny = true;
    }
  }

  get seriesCount(): number {
    return this.states.size;
  }

  /** Expected final cumulative value of every series the backend acknowledged at least once. */
  ledgerSeries(): LedgerMetricSeries[] {
    const out: LedgerMetricSeries[] = [];
    for (const state of this.states.values()) {
      if (!state.ackedAny) continue;
      const s = state.series;
      const entry: LedgerMetricSeries = {
        agent: s.resource.agent,
        name: s.name,
        unit: s.unit,
        kind: s.kind,
        temporality: this.temporality,
        attributes: plainAttributes(s.attributes),
        resource: plainAttributes(s.resource.attributes),
        value: state.acked.value,
      };
      if (s.kind === 'histogram') {
        entry.count = state.acked.count;
        entry.bucketCounts = [...(state.acked.buckets ?? [])];
        entry.explicitBounds = [...(s.explicitBounds ?? [])];
      }
      out.push(entry);
    }
    return out;
  }
}

export function plainAttributes(attributes: SimAttributes): MetricAttributes {
  const out: MetricAttributes = {};
  for (const [k, v] of attributes) out[k] = plainValue(v);
  return out;
}
