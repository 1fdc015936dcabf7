import { UserError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses "500ms", "30s", "5m", "1h", "1d", k6's compound form ("1m30s", "1h5m"), or a bare number of seconds;
 * "inf" gives Infinity. Undefined when the text is not a duration.
 */
export function durationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === 'inf' || trimmed === 'infinite') return Number.POSITIVE_INFINITY;
  const bare = /^(\d+(?:\.\d+)?)$/.exec(trimmed);
  if (bare) return Number(bare[1]) * 1000;
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g))
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
  return total;
}

/** As durationMs, throwing a one-line UserError that names `what`. */
export function parseDurationMs(text: string, what = 'duration'): number {
  const ms = durationMs(text);
  if (ms === undefined) {
    throw new UserError(
      `${what} "${text}" is not a duration (expected e.g. 500ms, 30s, 5m, 1m30s, 1h or inf)`,
    );
  }
  return ms;
}

/** A run length: a duration longer than zero (or inf), since a run of 0s would send nothing. */
export function parseRunLengthMs(text: string, what: string): number {
  const ms = parseDurationMs(text, what);
  if (!(ms > 0))
    throw new UserError(`${what} "${text}" is not a run length (expected more than 0, e.g. 30s)`);
  return ms;
}

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'inf';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}
