/**
 * Grafana's interval arithmetic, as its Prometheus backend (grafana-plugin-sdk-go gtime + promlib) and the
 * VictoriaLogs plugin compute it, so the checks send the same step and $__interval a real panel would.
 */

const MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 31_536_000_000 } as const;

/** gtime.roundInterval: the "nice" interval for a raw one (ms). */
export function roundIntervalMs(intervalMs: number): number {
  const table: Array<[number, number]> = [
    [10, 1],
    [15, 10],
    [35, 20],
    [75, 50],
    [150, 100],
    [350, 200],
    [750, 500],
    [1500, 1000],
    [3500, 2000],
    [7500, 5000],
    [12500, 10_000],
    [17500, 15_000],
    [25000, 20_000],
    [45000, 30_000],
    [90000, 60_000],
    [210000, 120_000],
    [450000, 300_000],
    [750000, 600_000],
    [1050000, 900_000],
    [1500000, 1_200_000],
    [2700000, 1_800_000],
    [5400000, 3_600_000],
    [9000000, 7_200_000],
    [16200000, 10_800_000],
    [32400000, 21_600_000],
    [86400000, 43_200_000],
    [172800000, 86_400_000],
    [604800000, 86_400_000],
    [1814400000, 604_800_000],
  ];
  for (const [limit, value] of table) if (intervalMs <= limit) return value;
  return intervalMs < 3628800000 ? 2_592_000_000 : 31_536_000_000;
}

/** gtime.FormatInterval: "5s", "1m", "2h" (truncating to the largest whole unit). */
export function formatIntervalMs(ms: number): string {
  if (ms >= MS.y) return `${Math.floor(ms / MS.y)}y`;
  if (ms >= MS.d) return `${Math.floor(ms / MS.d)}d`;
  if (ms >= MS.h) return `${Math.floor(ms / MS.h)}h`;
  if (ms >= MS.m) return `${Math.floor(ms / MS.m)}m`;
  if (ms >= MS.s) return `${Math.floor(ms / MS.s)}s`;
  if (ms >= 1) return `${Math.floor(ms)}ms`;
  return '1ms';
}

/** Go's time.Duration.String() for whole milliseconds ("5s", "1m0s", "2h0m0s"): what the VL plugin sends as step. */
export function goDurationString(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / MS.h);
  const minutes = Math.floor((ms % MS.h) / MS.m);
  const seconds = (ms % MS.m) / 1000;
  const secondsText = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}

export function parseGrafanaDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(text.trim());
  if (!match) throw new Error(`not a Grafana duration: ${text}`);
  const unit = match[2]!;
  const factor = unit === 'ms' ? 1 : unit === 'w' ? 7 * MS.d : MS[unit as keyof typeof MS];
  return Number(match[1]) * factor;
}

/**
 * The panel interval the Grafana frontend sends (intervalMs): roundInterval(range / maxDataPoints), raised to the
 * lower limit (panel `interval`, else the datasource's scrape interval).
 */
export function frontendIntervalMs(rangeMs: number, maxDataPoints: number, lowLimitMs: number): number {
  const interval = roundIntervalMs(rangeMs / maxDataPoints);
  return Math.max(interval, lowLimitMs);
}

/** promlib's step for a range query (== $__interval): the calculator with the frontend interval as minimum. */
export function prometheusStepMs(rangeMs: number, maxDataPoints: number, intervalMs: number): number {
  const calculated = rangeMs / maxDataPoints;
  const adjusted = calculated < intervalMs ? intervalMs : roundIntervalMs(calculated);
  const safe = roundIntervalMs(rangeMs / 11_000);
  return Math.max(adjusted, safe);
}

/** $__rate_interval: max($__interval + scrape interval, 4 × scrape interval). */
export function rateIntervalMs(intervalMs: number, scrapeIntervalMs: number): number {
  return Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

/** The VictoriaLogs plugin's CalculateStep for stats_query_range. */
export function victoriaLogsStepMs(rangeMs: number, maxDataPoints: number, minIntervalMs: number): number {
  const calculated = rangeMs / (maxDataPoints || 1500);
  return roundIntervalMs(calculated < minIntervalMs ? minIntervalMs : calculated);
}

/** promlib aligns the range's start and end down to a multiple of the step. */
export function alignDownMs(timeMs: number, stepMs: number): number {
  return Math.floor(timeMs / stepMs) * stepMs;
}
