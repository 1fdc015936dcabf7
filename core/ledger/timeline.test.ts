import { describe, expect, it } from 'vitest';
import { Timeline } from './timeline.js';

describe('Timeline', () => {
  it('counts per second whether added by time or by second', () => {
    const t = new Timeline();
    t.add(1500, 'scheduled');
    t.add(1999, 'scheduled');
    t.add(2000, 'scheduled');
    t.addToSecond(1, 'sent', 2);
    t.add(1001, 'scheduled');
    expect(t.toArray()).toEqual([
      { second: 1, scheduled: 3, sent: 2, acknowledged: 0, failed: 0, missed: 0 },
      { second: 2, scheduled: 1, sent: 0, acknowledged: 0, failed: 0, missed: 0 },
    ]);
  });
});
