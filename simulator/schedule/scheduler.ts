/**
 * Open-model arrival schedule: slot n is due at t0 + dueAtMs(n), whatever happened to earlier slots
 * (k6's arrival-rate executors). Pure: no timers, so tests check exact values.
 */
export interface Scheduler {
  /** Offset from the run start at which slot n is due; undefined once the schedule is finished. */
  dueAtMs(slot: number): number | undefined;
  /** Offset at which the run ends (Infinity for an unbounded run). */
  readonly endMs: number;
  /** Target rate at an offset (null = as fast as possible), for progress and the ledger. */
  targetRateAt(offsetMs: number): number | null;
  /** Which named load slot n belongs to (MultiLoadScheduler); absent: there is one load. */
  loadOf?(slot: number): number;
}

/** One ramp segment: the rate moves linearly from the previous stage's target to `targetPerSec`. */
export interface RateStage {
  durationMs: number;
  targetPerSec: number;
}

interface Segment {
  startMs: number;
  durationMs: number;
  fromPerSec: number;
  toPerSec: number;
  /** Slots due before this segment starts (fractional cumulative arrivals). */
  slotsBefore: number;
  slots: number;
}

/**
 * Piecewise-linear rate (constant rate = one stage whose start and target are equal). Cumulative arrivals
 * N(t) = r0·t + (r1−r0)·t²/(2D) per segment; slot n is due where N(t) = n, so slot 0 is due at 0.
 */
export class RampingRateScheduler implements Scheduler {
  private readonly segments: Segment[] = [];
  readonly endMs: number;
  private readonly maxSlots: number;

  constructor(stages: readonly RateStage[], options: { startPerSec?: number; maxCount?: number } = {}) {
    let from = options.startPerSec ?? stages[0]?.targetPerSec ?? 0;
    let startMs = 0;
    let slots = 0;
    for (const stage of stages) {
      const durationSec = stage.durationMs / 1000;
      const stageSlots = Number.isFinite(durationSec)
        ? ((from + stage.targetPerSec) / 2) * durationSec
        : Infinity;
      this.segments.push({
        startMs,
        durationMs: stage.durationMs,
        fromPerSec: from,
        toPerSec: stage.targetPerSec,
        slotsBefore: slots,
        slots: stageSlots,
      });
      startMs += stage.durationMs;
      slots += stageSlots;
      from = stage.targetPerSec;
    }
    this.endMs = startMs;
    this.maxSlots = Math.min(
      options.maxCount ?? Infinity,
      Number.isFinite(slots) ? Math.ceil(slots - 1e-9) : Infinity,
    );
  }

  dueAtMs(slot: number): number | undefined {
    if (slot >= this.maxSlots) return undefined;
    for (const seg of this.segments) {
      const k = slot - seg.slotsBefore;
      if (k >= seg.slots) continue;
      const r0 = seg.fromPerSec;
      const a = (seg.toPerSec - r0) / (2 * (seg.durationMs / 1000));
      let tSec: number;
      if (Math.abs(a) < 1e-12 || !Number.isFinite(seg.durationMs)) tSec = k / r0;
      else tSec = (-r0 + Math.sqrt(r0 * r0 + 4 * a * k)) / (2 * a);
      const at = seg.startMs + tSec * 1000;
      return at < this.endMs ? at : undefined;
    }
    return undefined;
  }

  targetRateAt(offsetMs: number): number | null {
    for (const seg of this.segments) {
      if (offsetMs < seg.startMs + seg.durationMs) {
        const f = Number.isFinite(seg.durationMs) ? (offsetMs - seg.startMs) / seg.durationMs : 0;
        return seg.fromPerSec + (seg.toPerSec - seg.fromPerSec) * Math.max(0, f);
      }
    }
    return this.segments.at(-1)?.toPerSec ?? 0;
  }
}

/** `--rate max`: every slot is due at once; the cap on exports in flight is the only brake. */
export class MaxRateScheduler implements Scheduler {
  constructor(
    private readonly maxCount: number,
    readonly endMs: number,
  ) {}
  dueAtMs(slot: number): number | undefined {
    return slot < this.maxCount ? 0 : undefined;
  }
  targetRateAt(): null {
    return null;
  }
}
