import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeError, errored, skipped, type AssertionResult } from './assertion.js';
import type { Suite } from './suite.js';
import type { VerifyContext } from './verify-context.js';

const SUITE = 'dashboards';

/** What the dashboards module (assertions/dashboards/index.ts, owned by issue 5) needs: the run and a time range. */
export interface DashboardCheckInput {
  ledger: VerifyContext['ledger'];
  endpoints: VerifyContext['endpoints'];
  /** Grafana's dashboard time range: from just before the run to now. */
  fromMs: number;
  toMs: number;
  /** Re-query failing panels (range end moved to now) until this much time has passed. */
  settleMs?: number;
}

export interface DashboardChecksModule {
  runDashboardChecks(ctx: DashboardCheckInput): Promise<AssertionResult[]>;
}

/** Loaded lazily so verify works before (and without) the dashboards module. */
async function loadDashboardChecks(): Promise<DashboardChecksModule | undefined> {
  const candidates = ['./dashboards/index.js', './dashboards/index.ts'];
  const present = candidates.find((c) => existsSync(fileURLToPath(new URL(c, import.meta.url))));
  if (!present) return undefined;
  // A variable specifier keeps the compiler from requiring the module at build time.
  const specifier = './dashboards/index.js';
  const module = (await import(specifier)) as Partial<DashboardChecksModule>;
  if (typeof module.runDashboardChecks !== 'function')
    throw new Error('assertions/dashboards/index exports no runDashboardChecks(ctx)');
  return module as DashboardChecksModule;
}

/** Grafana dashboard panels checked against the ledger (issue 5), run as one more suite when present. */
export const dashboardSuite: Suite = {
  id: SUITE,
  title: 'Dashboards',
  async run(ctx) {
    let module: DashboardChecksModule | undefined;
    try {
      module = await loadDashboardChecks();
    } catch (error) {
      return [
        errored({
          id: `${SUITE}.load`,
          suite: SUITE,
          title: 'Dashboard checks could not be loaded',
          detail: describeError(error),
        }),
      ];
    }
    if (!module) {
      return [
        skipped({
          id: `${SUITE}.panels`,
          suite: SUITE,
          title: 'Dashboard panels',
          detail: 'dashboard checks are not installed (assertions/dashboards/)',
        }),
      ];
    }
    return module.runDashboardChecks({
      ledger: ctx.ledger,
      endpoints: ctx.endpoints,
      fromMs: ctx.ledger.window.startMs - 60_000,
      toMs: Date.now(),
      // A graph's last step ends at floor(to / step): a scrape in the last step (up to 5 s) shows only once the
      // next step begins, as for a user who refreshes. Failing panels are re-queried, as that user would see them.
      settleMs: 15_000,
    });
  },
};
