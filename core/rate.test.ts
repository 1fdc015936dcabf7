import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { formatRate, parseRate } from './rate.js';

describe('parseRate', () => {
  it('reads per second, minute, hour and max', () => {
    expect(parseRate('500/s')).toBe(500);
    expect(parseRate('30/m')).toBe(0.5);
    expect(parseRate('2/h')).toBeCloseTo(2 / 3600);
    expect(parseRate('250')).toBe(250);
    expect(parseRate('max')).toBeNull();
  });

  it.each(['abc/s', '0/s', '-5/s', '10/d', '', '5 per s'])(
    'rejects %j with one line naming the flag',
    (text) => {
      expect(() => parseRate(text)).toThrow(UserError);
      expect(() => parseRate(text)).toThrow(
        `--rate "${text}" is not a rate (expected e.g. 500/s, 30/m, 2/h or max)`,
      );
    },
  );

  it('formats for humans', () => {
    expect(formatRate(500)).toBe('500/s');
    expect(formatRate(0.5)).toBe('30/m');
    expect(formatRate(null)).toBe('max');
  });
});
