import { UserError } from './errors.js';

/** Events per second, or null for "as fast as possible" (`max`). */
export type RatePerSec = number | null;

const PER_UNIT_SEC: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Parses "500/s", "30/m", "2/h", "max" (also a bare number = per second). */
export function parseRate(text: string, what = '--rate'): RatePerSec {
  const trimmed = text.trim();
  if (trimmed === 'max') return null;
  const match = /^(\d+(?:\.\d+)?)(?:\/(s|m|h))?$/.exec(trimmed);
  const value = match ? Number(match[1]) : NaN;
  if (!match || !(value > 0)) {
    throw new UserError(`${what} "${text}" is not a rate (expected e.g. 500/s, 30/m, 2/h or max)`);
  }
  return value / PER_UNIT_SEC[match[2] ?? 's']!;
}

export function formatRate(ratePerSec: RatePerSec): string {
  if (ratePerSec === null) return 'max';
  if (ratePerSec >= 1) return `${Number(ratePerSec.toFixed(2))}/s`;
  if (ratePerSec * 60 >= 1) return `${Number((ratePerSec * 60).toFixed(2))}/m`;
  return `${Number((ratePerSec * 3600).toFixed(2))}/h`;
}
