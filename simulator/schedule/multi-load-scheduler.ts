import { RampingRateScheduler, type RateStage, type Scheduler } from './scheduler.js';

/** One named load's schedule (k6's scenario): its rate stages, starting `startMs` after the run starts. */
export interface LoadSchedule {
  startMs: number;
  stages: readonly RateStage[];
  /** Rate at the start of the first stage (k6's startRate; default the first stage's target). */
  startPerSec?: number;
}

/**
 * Several named loads at once (k6's scenarios with `startTime`): each keeps its own open-model schedule, offset by
 * its start, and the run's slots are their arrivals merged in time order (ties: the load listed first). Pure, like
 * every scheduler; slots must be asked for in order (the generator does), since each is found by merging.
 */
export class MultiLoadScheduler implements Scheduler {
  readonly endMs: number;
  private readonly loads: Array<{ startMs: number; scheduler: RampingRateScheduler; next: number }>;
  /** The next arrival of each load, offset from the run start (undefined once it has ended). */
  private readonly heads: Array<number | undefined>;
  private slot = -1;
  private due: number | undefined;
  private load = -1;

  constructor(
    loads: readonly LoadSchedule[],
    private readonly maxCount = Infinity,
  ) {
    this.loads = loads.map((l) => ({
      startMs: l.startMs,
      scheduler: new RampingRateScheduler(
        l.stages,
        l.startPerSec !== undefined ? { startPerSec: l.startPerSec } : {},
      ),
      next: 0,
    }));
    this.heads = this.loads.map((l) => this.arrival(l));
    this.endMs = Math.max(0, ...this.loads.map((l) => l.startMs + l.scheduler.endMs));
  }

  private arrival(load: {
    startMs: number;
    scheduler: RampingRateScheduler;
    next: number;
  }): number | undefined {
    const at = load.scheduler.dueAtMs(load.next);
    return at === undefined ? undefined : load.startMs + at;
  }

  private advance(): void {
    this.slot++;
    if (this.slot >= this.maxCount) {
      this.due = undefined;
      this.load = -1;
      return;
    }
    let best = -1;
    for (let i = 0; i < this.heads.length; i++) {
      const head = this.heads[i];
      if (head !== undefined && (best < 0 || head < this.heads[best]!)) best = i;
    }
    this.load = best;
    if (best < 0) {
      this.due = undefined;
      return;
    }
    this.due = this.heads[best];
    const chosen = this.loads[best]!;
    chosen.next++;
    this.heads[best] = this.arrival(chosen);
  }

  private seek(slot: number): void {
    if (slot < this.slot) throw new Error(`MultiLoadScheduler: slot ${slot} asked after slot ${this.slot}`);
    while (this.slot < slot) this.advance();
  }

  dueAtMs(slot: number): number | undefined {
    this.seek(slot);
    return this.due;
  }

  /** Index of the load slot `slot` belongs to (-1 once the schedule is finished). */
  loadOf(slot: number): number {
    this.seek(slot);
    return this.load;
  }

  targetRateAt(offsetMs: number): number {
    let total = 0;
    for (const l of this.loads) {
      const local = offsetMs - l.startMs;
      if (local >= 0 && local < l.scheduler.endMs) total += l.scheduler.targetRateAt(local) ?? 0;
    }
    return total;
  }
}
