import { check, type AssertionResult } from '../assertion.js';
import { describeRanges } from '../seq-diff.js';
import type { Suite } from '../suite.js';

const SUITE = 'load';

/**
 * What the simulator itself reports: every record it sent was acknowledged by the collector and none was missed
 * by the scheduler. The other suites check the backends against the acknowledged records only, so a shortfall
 * here must not pass unnoticed.
 */
export const loadSuite: Suite = {
  id: SUITE,
  title: 'Load',
  async run(ctx): Promise<AssertionResult[]> {
    const { records, seq } = ctx.ledger;
    return [
      check(records.failed === 0, {
        id: `${SUITE}.acknowledged`,
        suite: SUITE,
        title: 'Every record sent was acknowledged by the collector',
        expected: `${records.sent} acknowledged, 0 failed`,
        actual: `${records.acknowledged} acknowledged, ${records.failed} failed`,
        detail: records.failed === 0 ? '' : describeRanges('failed', seq.failed),
        query: 'ledger.records',
      }),
      check(records.missed === 0, {
        id: `${SUITE}.on-time`,
        suite: SUITE,
        title: 'Every scheduled record was sent on time (open model)',
        expected: `${records.scheduled} scheduled, 0 missed`,
        actual:
          `${records.missed} missed, achieved ${ctx.ledger.rate.achievedPerSec.toFixed(1)}/s` +
          (ctx.ledger.rate.targetPerSec ? ` of ${ctx.ledger.rate.targetPerSec}/s` : ''),
        detail:
          records.missed === 0
            ? ''
            : `${records.missed} records could not be sent on time (the simulator fell behind)`,
        query: 'ledger.records',
      }),
    ];
  },
};
