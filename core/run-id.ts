import { randomBytes } from 'node:crypto';
import { UserError } from './errors.js';

/** The run id pattern: it becomes a label value and a file name. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A fresh run id, `sim-<UTC stamp>-<6 hex>`: the clock and randomness live here, at the edges that call it. */
export function generateRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `sim-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Throws a one-line UserError (naming `what`, e.g. "--run-id") unless runId is a run id. */
export function checkRunId(runId: string, what = 'run id'): void {
  if (!RUN_ID_PATTERN.test(runId))
    throw new UserError(`${what} "${runId}" is not a run id (expected letters, digits, . _ : - only)`);
}
