/**
 * One checked claim and its outcome. `failed` = compared and mismatched; `errored` = could not be checked
 * (backend unreachable, bad response): JUnit's failure versus error.
 */
export type AssertionStatus = 'passed' | 'failed' | 'errored' | 'skipped';

export interface AssertionResult {
  /** Stable id, e.g. "completeness.seq" or "content.claude_code.api_request.cost_usd.by_model". */
  id: string;
  /** Suite id the assertion belongs to ("completeness", "content", "metrics", ...). */
  suite: string;
  title: string;
  status: AssertionStatus;
  /** Short human-readable expected / actual figures (what the console table shows). */
  expected: string;
  actual: string;
  /** Why it failed or errored, naming each wrong figure; empty when passed. */
  detail: string;
  /** The backend query that produced `actual`, so it can be rerun by hand. */
  query: string;
}

type ResultFields = Omit<AssertionResult, 'status'>;

export function passed(fields: Omit<ResultFields, 'detail'> & { detail?: string }): AssertionResult {
  return { ...fields, detail: fields.detail ?? '', status: 'passed' };
}

export function failed(fields: ResultFields): AssertionResult {
  return { ...fields, status: 'failed' };
}

/** Pass or fail on one condition: keeps suites free of if/else duplication. */
export function check(ok: boolean, fields: ResultFields): AssertionResult {
  return ok ? { ...fields, status: 'passed' } : { ...fields, status: 'failed' };
}

export function errored(
  fields: Omit<ResultFields, 'expected' | 'actual' | 'query'> & { expected?: string; query?: string },
): AssertionResult {
  return { expected: '', query: '', ...fields, actual: 'error', status: 'errored' };
}

export function skipped(
  fields: Omit<ResultFields, 'actual' | 'expected' | 'query'> & { expected?: string },
): AssertionResult {
  return { expected: '', query: '', ...fields, actual: 'skipped', status: 'skipped' };
}

export function isProblem(result: AssertionResult): boolean {
  return result.status === 'failed' || result.status === 'errored';
}

export interface ResultCounts {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export function countResults(results: readonly AssertionResult[]): ResultCounts {
  const counts: ResultCounts = { total: results.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/** One line for an error a suite caught (backend errors already name the backend and URL). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
