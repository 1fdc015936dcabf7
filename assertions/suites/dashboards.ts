import { runDashboardChecks, SUITE } from '../dashboards/index.js';
import type { Suite } from '../suite.js';

/** Every Grafana dashboard panel, queried as Grafana would, against the ledger (assertions/dashboards/). */
export const dashboardSuite: Suite = {
  id: SUITE,
  title: 'Dashboards',
  run(ctx) {
    return runDashboardChecks({
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
