import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { checkRunId, generateRunId } from './run-id.js';

describe('run ids', () => {
  it('generates distinct, valid ids stamped with the time', () => {
    const at = new Date('2026-11-28T10:22:29.123Z');
    const a = generateRunId(at);
    expect(a).toMatch(/^sim-20261128-102229-[0-9a-f]{6}$/);
    expect(generateRunId(at)).not.toBe(a);
    expect(() => checkRunId(a)).not.toThrow();
  });

  it('refuses what cannot be a label value and a file name, naming the flag', () => {
    for (const bad of ['', 'a b', 'a/b', 'x'.repeat(129)]) {
      expect(() => checkRunId(bad, '--run-id'), bad).toThrow(UserError);
    }
    expect(() => checkRunId('a/b', '--run-id')).toThrow(/^--run-id "a\/b" is not a run id/);
  });
});
