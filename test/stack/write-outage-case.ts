import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackStatus } from '../../stack/stack-status.js';
import {
  fillDisk,
  freeDisk,
  freeze,
  mountSmallDisk,
  runWithFault,
  unmountSmallDisk,
  untilElapsed,
} from '../support/live/faults.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

/**
 * VictoriaLogs cannot write for a while: its data dir is a small tmpfs, filled to < 10 MB free, so it turns
 * read-only and answers every insert 429 (exactly what a full disk does). Where this process may not mount
 * (an unprivileged CI container), VictoriaLogs is frozen with SIGSTOP instead. Either way the collector's
 * persistent queue must hold everything acknowledged and deliver it once the disk is freed.
 */
export function writeOutageSuite(OUTAGE_SEC: number, RATE: number, skip = false): void {
  describe.skipIf(skip)(`write outage (${OUTAGE_SEC} s): the queue holds every acknowledged record`, () => {
    let stack: TestStack;
    let mounted = false;
    beforeAll(async () => {
      stack = await startTestStack({
        beforeUp: async (dir) => {
          mounted = await mountSmallDisk(dir);
        },
        afterDown: unmountSmallDisk,
      });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it(
      `0 acknowledged lost across a ${OUTAGE_SEC} s write outage at ${RATE}/s, delivered after; status says unhealthy meanwhile`,
      async () => {
        let statusDuringOutage: Awaited<ReturnType<typeof stackStatus>> | undefined;
        const run = await runWithFault(
          stack,
          mounted ? `disk-full-${OUTAGE_SEC}s` : `sigstop-${OUTAGE_SEC}s`,
          // The load runs through the whole outage, so the queue takes all of it.
          { ratePerSec: RATE, durationSec: OUTAGE_SEC + 5, settleTimeoutMs: 240_000 },
          mounted
            ? async (elapsed) => {
                await untilElapsed(elapsed, 3_000);
                await fillDisk(stack.dataDir);
                await untilElapsed(elapsed, 8_000);
                statusDuringOutage = await stackStatus({ dataDir: stack.dataDir });
                await untilElapsed(elapsed, 3_000 + OUTAGE_SEC * 1000);
                await freeDisk(stack.dataDir);
              }
            : freeze(stack, 'victoria-logs', 3_000, OUTAGE_SEC * 1000),
        );
        console.log(JSON.stringify({ mounted, ...run }));
        expect(run.acknowledged).toBeGreaterThan(RATE * 10);
        expect({ lost: run.lost, lostRanges: run.lostRanges }).toEqual({ lost: 0, lostRanges: [] });
        expect(run.maxQueueBytes).toBeGreaterThan(1e6);
        if (mounted) {
          const vl = statusDuringOutage!.components.find((c) => c.name === 'victoria-logs')!;
          expect(vl.healthy).toBe(false);
          expect(vl.problem).toMatch(/read-only/);
          // Once the disk is freed VictoriaLogs writes again (the whole stack's health also depends on probes that a
          // loaded machine can time out, so only VictoriaLogs' storage is checked here).
          const after = (await stackStatus({ dataDir: stack.dataDir })).components.find(
            (c) => c.name === 'victoria-logs',
          )!;
          expect(after.problem).toBeUndefined();
        }
      },
      (OUTAGE_SEC + 300) * 1000,
    );
  });
}
