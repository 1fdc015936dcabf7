import type { LedgerTimelinePoint } from './types.js';

type TimelineField = Exclude<keyof LedgerTimelinePoint, 'second'>;

/** Per-second counts (by the record's timestamp second), for "sent vs ingested per second". */
export class Timeline {
  private readonly points = new Map<number, LedgerTimelinePoint>();
  private last: LedgerTimelinePoint | undefined;

  /** Adds n to the second `second` (epoch seconds). */
  addToSecond(second: number, field: TimelineField, n: number): void {
    let point = this.points.get(second);
    if (!point) {
      point = { second, scheduled: 0, sent: 0, acknowledged: 0, failed: 0, missed: 0 };
      this.points.set(second, point);
    }
    point[field] += n;
  }

  add(ms: number, field: TimelineField, n = 1): void {
    const second = Math.floor(ms / 1000);
    if (this.last?.second === second) {
      this.last[field] += n;
      return;
    }
    let point = this.points.get(second);
    if (!point) {
      point = { second, scheduled: 0, sent: 0, acknowledged: 0, failed: 0, missed: 0 };
      this.points.set(second, point);
    }
    point[field] += n;
    this.last = point;
  }

  toArray(): LedgerTimelinePoint[] {
    return [...this.points.values()].sort((a, b) => a.second - b.second);
  }
}
