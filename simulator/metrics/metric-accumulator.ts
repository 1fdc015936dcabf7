import type { MetricIncrement, SimAttributes, SimResource, SimScope } from '../agents/agent-model.js';
import { plainValue, type LedgerMetricSeries, type MetricAttributes } from '../../core/ledger/index.js';

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
  /** Exported points not yet settled (acknowledged or failed). */
  inFlight: number;
  /** Its session has ended: retired once its last point has been exported and settled. */
  closing: boolean;
  /** Collections in a row without a change (delta only: see QUIET_COLLECTIONS_BEFORE_RETIRING). */
  quietCollections: number;
  /** Handed to the retire sink: an increment for the same series starts a new state. */
  retired: boolean;
  /** The increments' attributes array this state is cached under (byAttributes), to uncache it on retiring. */
  cachedUnder: SimAttributes;
}

/**
 * A DELTA series unchanged for this many collections is retired like an ended session's. If it changes again, a
 * new state takes over and its first point starts at the last collection, as the SDKs' delta readers do; the
 * series file then holds both parts and readMetricSeries adds them up. Cumulative series are never retired this
 * way: their running total must stay.
 */
const QUIET_COLLECTIONS_BEFORE_RETIRING = 10;

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

function clearWindow(window: Window): void {
  window.value = 0;
  window.count = 0;
  window.buckets?.fill(0);
  window.min = Infinity;
  window.max = -Infinity;
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

/** Receives the final ledger entry of each series as it is retired (see MetricAccumulator). */
export type RetiredSeriesSink = (series: LedgerMetricSeries, resourceId: number) => void;

/**
 * Accumulates MetricIncrements per series and turns them into data points on each export interval, as the
 * clients' SDKs do: DELTA by default with chained start times, only series that changed, flushed at the end.
 *
 * Memory stays bounded by the live sessions: a series whose session has ended is retired once its last point has
 * been exported and settled. Its expected final value goes to `retire` and nothing of it is kept here.
 */
export class MetricAccumulator {
  private readonly states = new Map<string, SeriesState>();
  /** Identity cache: attributes array → series by instrument, so the hot path never builds the full key. */
  private readonly byAttributes = new WeakMap<SimAttributes, SeriesState | Map<string, SeriesState>>();
  private readonly bySession = new Map<object, SeriesState[]>();
  private closing: SeriesState[] = [];
  private retiredCount = 0;
  private lastCollectMs: number;
  /** Resource attributes as the ledger writes them, built once per resource rather than once per series. */
  private readonly plainResources = new WeakMap<SimResource, MetricAttributes>();

  constructor(
    private readonly temporality: Temporality,
    private readonly startMs: number,
    private readonly runTag: SimAttributes,
    private readonly retire: RetiredSeriesSink = () => undefined,
  ) {
    this.lastCollectMs = startMs;
  }

  add(inc: MetricIncrement): void {
    // Usually one instrument per attributes array: the state itself is cached, a Map only when there are more.
    const local = this.byAttributes.get(inc.attributes);
    let state = local instanceof Map ? local.get(inc.name) : local;
    if (
      !state ||
      state.retired ||
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
      // A delta series (new, or back after retiring) starts at the last collection, as the SDKs' delta readers do.
      const origin = this.temporality === 'delta' ? this.lastCollectMs : this.startMs;
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
        lastEndMs: origin,
        firstMs: origin,
        inFlight: 0,
        closing: false,
        quietCollections: 0,
        retired: false,
        cachedUnder: inc.attributes,
      };
      this.states.set(key, state);
      if (inc.session) {
        const list = this.bySession.get(inc.session);
        if (list) list.push(state);
        else this.bySession.set(inc.session, [state]);
      }
    }
    return state;
  }

  /** The session's series will not change again: each is retired once its last point has settled. */
  endSession(session: object): void {
    const states = this.bySession.get(session);
    if (!states) return;
    this.bySession.delete(session);
    for (const state of states) {
      state.closing = true;
      this.closing.push(state);
    }
  }

  /** Points for every series that changed since the last collection (an unchanged series exports nothing). */
  collect(nowMs: number): MetricPoint[] {
    const points: MetricPoint[] = [];
    const delta = this.temporality === 'delta';
    for (const state of this.states.values()) {
      if (!state.dirty) {
        const quiet = delta && !state.closing && state.inFlight === 0;
        if (quiet && ++state.quietCollections >= QUIET_COLLECTIONS_BEFORE_RETIRING) this.retireState(state);
        continue;
      }
      state.quietCollections = 0;
      const w = delta ? state.pending : state.total;
      const start = delta ? state.lastEndMs : state.firstMs;
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
      clearWindow(state.pending); // the point holds copies: the window is reused, not reallocated
      state.dirty = false;
      state.inFlight++;
    }
    this.lastCollectMs = nowMs;
    return points;
  }

  /**
   * The transport is done with these points: acknowledged ones count in the ledger's expected values. Then every
   * closing series with nothing left to export or settle is retired.
   */
  settle(points: readonly MetricPoint[], acknowledged: boolean): void {
    for (const point of points) {
      const state = this.states.get(point.series.key);
      if (!state) continue;
      state.inFlight--;
      if (acknowledged) this.acknowledgePoint(state, point);
    }
    this.retireSettled();
  }

  private retireSettled(): void {
    if (this.closing.length === 0) return;
    const stillOpen: SeriesState[] = [];
    for (const state of this.closing) {
      if (state.dirty || state.inFlight > 0) stillOpen.push(state);
      else this.retireState(state);
    }
    this.closing = stillOpen;
  }

  private retireState(state: SeriesState): void {
    if (state.retired) return;
    state.retired = true;
    this.states.delete(state.series.key);
    // Attributes arrays the models keep for the whole run (Codex's) would otherwise keep retired states alive.
    const cached = this.byAttributes.get(state.cachedUnder);
    if (cached === state) this.byAttributes.delete(state.cachedUnder);
    else if (cached instanceof Map && cached.get(state.series.name) === state)
      cached.delete(state.series.name);
    this.retiredCount++;
    if (state.ackedAny) this.retire(this.ledgerEntry(state), state.series.resource.id);
  }

  /**
   * Retires every series that is still live (the run is over and every export has settled); returns how many
   * series were retired over the whole run.
   */
  retireAll(): number {
    for (const state of this.states.values()) this.retireState(state);
    this.states.clear();
    this.bySession.clear();
    this.closing = [];
    return this.retiredCount;
  }

  private acknowledgePoint(state: SeriesState, point: MetricPoint): void {
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

  /** Series held in memory (live or closing). */
  get liveSeriesCount(): number {
    return this.states.size;
  }

  /** Series retired so far (their final values handed to `retire`). */
  get retiredSeriesCount(): number {
    return this.retiredCount;
  }

  private plainResource(resource: SimResource): MetricAttributes {
    let plain = this.plainResources.get(resource);
    if (!plain) this.plainResources.set(resource, (plain = plainAttributes(resource.attributes)));
    return plain;
  }

  /** Expected final cumulative value of a series the backend acknowledged at least once. */
  private ledgerEntry(state: SeriesState): LedgerMetricSeries {
    const s = state.series;
    const entry: LedgerMetricSeries = {
      agent: s.resource.agent,
      name: s.name,
      unit: s.unit,
      kind: s.kind,
      temporality: this.temporality,
      attributes: plainAttributes(s.attributes),
      resource: this.plainResource(s.resource),
      value: state.acked.value,
    };
    if (s.kind === 'histogram') {
      entry.count = state.acked.count;
      entry.bucketCounts = [...(state.acked.buckets ?? [])];
      entry.explicitBounds = [...(s.explicitBounds ?? [])];
    }
    return entry;
  }
}

export function plainAttributes(attributes: SimAttributes): MetricAttributes {
  const out: MetricAttributes = {};
  for (const [k, v] of attributes) out[k] = plainValue(v);
  return out;
}
