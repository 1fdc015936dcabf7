import type { ReadinessCheck } from './readiness-check.js';

/** Ready when GET url answers 200 (and, optionally, the body passes a predicate). */
export class HttpReadinessCheck implements ReadinessCheck {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly bodyPredicate?: (body: string) => boolean,
  ) {
    this.description = `GET ${url}`;
  }

  async probe(signal: AbortSignal): Promise<boolean> {
    const response = await fetch(this.url, { signal });
    const body = await response.text();
    return response.status === 200 && (this.bodyPredicate ? this.bodyPredicate(body) : true);
  }
}
