import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import { requireGo } from '../../stack/install/go-toolchain.js';
import { runCommand } from '../../stack/process/run-command.js';

/**
 * aimon's own collector processor (stack/collector/durablecumulativeprocessor) has Go unit tests beside its code:
 * running totals, dropped retries, restart from the journal, a torn last record, a failed write, snapshots,
 * histograms. They run here so that `npm test` covers them.
 */
describe('durablecumulative processor (Go unit tests)', () => {
  it('passes go test', async () => {
    const go = await requireGo('the durablecumulative processor tests');
    const result = await runCommand(go, ['test', '-count=1', './...'], {
      cwd: join(projectRoot(), 'stack', 'collector', 'durablecumulativeprocessor'),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok\s/m);
  });
});
