import { errorMessage } from '../core/errors.js';
import { countResults, errored, type AssertionResult, type ResultCounts } from './assertion.js';
import type { Suite } from './suite.js';
import type { VerifyContext } from './verify-context.js';

export interface SuiteRun {
  suite: string;
  title: string;
  durationMs: number;
  results: AssertionResult[];
}

export interface SuitesOutcome {
  suites: SuiteRun[];
  results: AssertionResult[];
  counts: ResultCounts;
  /** True only when nothing failed or errored (skipped assertions do not fail a run). */
  passed: boolean;
  durationMs: number;
}

/**
 * Runs suites one after another (they query the same backends; running them in parallel only adds noise).
 * A suite that throws becomes one errored result instead of ending the verification.
 */
export async function runSuites(
  suites: readonly Suite[],
  ctx: VerifyContext,
  options: { suiteTimeoutMs?: number; onSuiteDone?: (run: SuiteRun) => void } = {},
): Promise<SuitesOutcome> {
  const started = Date.now();
  const runs: SuiteRun[] = [];
  for (const suite of suites) {
    const suiteStarted = Date.now();
    let results: AssertionResult[];
    try {
      results = await withDeadline(suite.run(ctx), options.suiteTimeoutMs ?? 180_000, suite.id);
    } catch (error) {
      results = [
        errored({
          id: `${suite.id}.suite`,
          suite: suite.id,
          title: `${suite.title}: suite could not run`,
          detail: errorMessage(error),
        }),
      ];
    }
    const run = { suite: suite.id, title: suite.title, durationMs: Date.now() - suiteStarted, results };
    runs.push(run);
    options.onSuiteDone?.(run);
  }
  const results = runs.flatMap((r) => r.results);
  const counts = countResults(results);
  return {
    suites: runs,
    results,
    counts,
    passed: counts.failed === 0 && counts.errored === 0 && counts.total > 0,
    durationMs: Date.now() - started,
  };
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`suite ${what} did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
