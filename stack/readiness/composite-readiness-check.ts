import type { ReadinessCheck } from './readiness-check.js';

/** Ready when every check is ready, in order. */
export class CompositeReadinessCheck implements ReadinessCheck {
  readonly description: string;

  constructor(private readonly checks: ReadinessCheck[]) {
    this.description = checks.map((c) => c.description).join(' and ');
  }

  async probe(signal: AbortSignal): Promise<boolean> {
    for (const check of this.checks) if (!(await check.probe(signal))) return false;
    return true;
  }
}
