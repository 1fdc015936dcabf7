import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { formatDurationMs, parseDurationMs, parseRunLengthMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['30', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1h5m500ms', 3_900_500],
    ['inf', Number.POSITIVE_INFINITY],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['abc', '10x', '-5s', '', 's', '1m 30s', '30s1'])(
    'rejects %j with a one-line UserError',
    (text) => {
      expect(() => parseDurationMs(text, '--duration')).toThrow(UserError);
      expect(() => parseDurationMs(text, '--duration')).toThrow(/^--duration ".*" is not a duration/);
    },
  );

  it('formats durations for people', () => {
    expect(formatDurationMs(250)).toBe('250ms');
    expect(formatDurationMs(30_000)).toBe('30s');
    expect(formatDurationMs(90_000)).toBe('1.5m');
    expect(formatDurationMs(Number.POSITIVE_INFINITY)).toBe('inf');
  });
});

describe('parseRunLengthMs', () => {
  it('takes a positive duration or inf, and refuses 0 naming the field', () => {
    expect(parseRunLengthMs('1m30s', '--duration')).toBe(90_000);
    expect(parseRunLengthMs('inf', '--duration')).toBe(Infinity);
    expect(() => parseRunLengthMs('0s', '--duration')).toThrow(/^--duration "0s" is not a run length/);
    expect(() => parseRunLengthMs('soon', 'x.yaml: duration')).toThrow(
      /^x\.yaml: duration "soon" is not a duration/,
    );
  });
});
