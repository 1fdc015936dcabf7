import { UserError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "30s", "5m", "1h", "1d", or a bare number of seconds; "inf" gives Infinity. */
export function parseDurationMs(text: string, what = 'duration'): number {
  const trimmed = text.trim();
  if (trimmed === 'inf' || trimmed === 'infinite') return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(trimmed);
  if (!match) {
    throw new UserError(`${what} "${text}" is not a duration (expected e.g. 500ms, 30s, 5m, 1h or inf)`);
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return value * UNIT_MS[unit]!;
}

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'inf';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}
