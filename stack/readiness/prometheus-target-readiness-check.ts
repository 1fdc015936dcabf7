import type { ReadinessCheck } from './readiness-check.js';

interface TargetsResponse {
  data?: { activeTargets?: Array<{ labels?: Record<string, string>; scrapePool?: string; health?: string }> };
}

/** Ready when Prometheus has scraped the given job at least once and found it up. */
export class PrometheusTargetReadinessCheck implements ReadinessCheck {
  readonly description: string;

  constructor(
    private readonly prometheusUrl: string,
    private readonly job: string,
  ) {
    this.description = `Prometheus target ${job} up`;
  }

  async probe(signal: AbortSignal): Promise<boolean> {
    const response = await fetch(`${this.prometheusUrl}/api/v1/targets?state=active`, { signal });
    if (response.status !== 200) return false;
    const body = (await response.json()) as TargetsResponse;
    const targets = body.data?.activeTargets ?? [];
    const mine = targets.filter((t) => t.scrapePool === this.job || t.labels?.job === this.job);
    return mine.length > 0 && mine.every((t) => t.health === 'up');
  }
}
