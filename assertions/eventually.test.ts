import { describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';

describe('eventually', () => {
  it('returns as soon as the condition holds', async () => {
    let n = 0;
    const outcome = await eventually(
      async () => ++n,
      (v) => v >= 3,
      { timeoutMs: 5000, intervalMs: 1 },
    );
    expect(outcome).toMatchObject({ value: 3, settled: true, attempts: 3 });
  });
  it('gives up at the deadline with the last value and error', async () => {
    const outcome = await eventually(
      async () => {
        throw new Error('down');
      },
      () => true,
      { timeoutMs: 30, intervalMs: 5 },
    );
    expect(outcome.settled).toBe(false);
    expect((outcome.lastError as Error).message).toBe('down');
  });
});
