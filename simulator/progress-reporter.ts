import type { Clock } from './clock.js';
import type { SimulationProgress } from './run-simulation.js';

/** Everything a progress line shows but the elapsed time and the current rate, read when it is emitted. */
export type ProgressFigures = Omit<SimulationProgress, 'elapsedMs' | 'currentPerSec'>;

/**
 * Emits a progress line every intervalMs (and on demand), with the rate sent since the previous one. The run's
 * start is restarted when the generator is ready.
 */
export class ProgressReporter {
  private startedMs: number;
  private last: { at: number; sent: number };
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly onProgress: ((progress: SimulationProgress) => void) | undefined,
    private readonly clock: Clock,
    private readonly read: (elapsedMs: number, nowMs: number) => ProgressFigures,
  ) {
    this.startedMs = clock.nowMs();
    this.last = { at: this.startedMs, sent: 0 };
  }

  /** The run (re)starts now: elapsed time and the first interval's rate count from here. */
  restart(nowMs: number): void {
    this.startedMs = nowMs;
    this.last = { at: nowMs, sent: 0 };
  }

  start(intervalMs: number): void {
    if (this.onProgress) this.timer = setInterval(() => this.emit(this.clock.nowMs()), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  emit(nowMs: number): void {
    if (!this.onProgress) return;
    const elapsedMs = nowMs - this.startedMs;
    const { targetPerSec, ...figures } = this.read(elapsedMs, nowMs);
    const dt = Math.max(1, nowMs - this.last.at);
    this.onProgress({
      elapsedMs,
      targetPerSec,
      currentPerSec: ((figures.sent - this.last.sent) * 1000) / dt,
      ...figures,
    });
    this.last = { at: nowMs, sent: figures.sent };
  }
}
