import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { parseSeqRanges } from './seq-ranges-flag.js';

describe('parseSeqRanges', () => {
  it('reads ranges and single seqs, spaces and empty parts ignored', () => {
    expect(parseSeqRanges('100-199, 250,,7-7', '--fault-withhold')).toEqual([
      [100, 199],
      [250, 250],
      [7, 7],
    ]);
  });

  it('refuses a reversed range, a non-number or an empty list with a UserError naming the flag', () => {
    for (const text of ['9-3', 'a-b', '1-', '-5', '']) {
      const error = (() => {
        try {
          parseSeqRanges(text, '--fault-duplicate');
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error, text).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain(`--fault-duplicate "${text}"`);
    }
  });
});
