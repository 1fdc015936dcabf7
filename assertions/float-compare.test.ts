import { describe, expect, it } from 'vitest';
import { formatFigure, nearlyEqual } from './float-compare.js';

describe('float comparison', () => {
  it('accepts differences within 1e-9 relative', () => {
    expect(nearlyEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(nearlyEqual(1234.5678, 1234.5678 * (1 + 5e-10))).toBe(true);
  });
  it('rejects differences beyond 1e-9 relative', () => {
    expect(nearlyEqual(1234.5678, 1234.5678 * (1 + 2e-9))).toBe(false);
    expect(nearlyEqual(1, 1.000001)).toBe(false);
  });
  it('is exact for integers and zero', () => {
    expect(nearlyEqual(10, 10)).toBe(true);
    expect(nearlyEqual(10, 11)).toBe(false);
    expect(nearlyEqual(0, 0)).toBe(true);
    expect(nearlyEqual(0, 1e-12)).toBe(false);
    expect(nearlyEqual(Number.NaN, Number.NaN)).toBe(false);
  });
  it('prints figures without float noise but shows a difference above the tolerance', () => {
    expect(formatFigure(0.1 + 0.2)).toBe('0.3');
    expect(formatFigure(42)).toBe('42');
    expect(formatFigure(1.0000001)).not.toBe(formatFigure(1.0000001 * (1 + 2e-9)));
  });
});
