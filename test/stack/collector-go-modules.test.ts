import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localModuleDirs } from '../../stack/install/install-collector.js';
import { projectRoot } from '../../core/paths.js';
import { requireGo } from '../../stack/install/go-toolchain.js';
import { runCommand } from '../../stack/process/run-command.js';

/**
 * aimon's own collector components have Go unit tests beside their code: the durablecumulative processor (running
 * totals, dropped retries, restart from the journal, a torn last record, a failed write, snapshots, histograms,
 * stamping on arrival), the scrapeguard extension (one render at a time, timed-out scrapes never rendered) and the
 * flushwait extension (a write answered only after the hold, and an error when the server restarted or is gone),
 * and contrib's redaction processor with aimon's literal prefilter (upstream's own tests, plus: the prefilter never
 * skips a value its pattern matches, and masks exactly what the unfiltered processor masks).
 * They run here so that `npm test` covers every module the ocb manifest builds from this project.
 */
describe("aimon's collector components (Go unit tests)", () => {
  const collectorDir = join(projectRoot(), 'stack', 'collector');

  it('builds every local component the manifest names', () => {
    expect(localModuleDirs().sort()).toEqual(
      ['durablecumulativeprocessor', 'flushwaitextension', 'redactionprocessor', 'scrapeguardextension'].map(
        (dir) => join(collectorDir, dir),
      ),
    );
  });

  for (const dir of [
    'durablecumulativeprocessor',
    'flushwaitextension',
    'redactionprocessor',
    'scrapeguardextension',
  ])
    it(`${dir} passes go test`, async () => {
      const go = await requireGo(`the ${dir} tests`);
      const result = await runCommand(go, ['test', '-count=1', './...'], { cwd: join(collectorDir, dir) });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^ok\s/m);
    });
});
