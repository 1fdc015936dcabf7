import type { AssertionResult } from './assertion.js';
import type { VerifyContext } from './verify-context.js';

/** A group of assertions with one job (completeness, content, metrics, ...). */
export interface Suite {
  id: string;
  title: string;
  run(ctx: VerifyContext): Promise<AssertionResult[]>;
}
