import { alertsSuite } from './suites/alerts.js';
import type { Suite } from './suite.js';
import { completenessSuite } from './suites/completeness.js';
import { contentSuite } from './suites/content.js';
import { dashboardSuite } from './suites/dashboards.js';
import { loadSuite } from './suites/load.js';
import { metricsSuite } from './suites/metrics.js';
import { pipelineHealthSuite } from './suites/pipeline-health.js';
import { throughputLagSuite } from './suites/throughput-lag.js';
import { userQueriesSuite } from './suites/user-queries.js';

/** The suites `aimon verify` runs, in report order. */
export const CORE_SUITES: readonly Suite[] = [
  loadSuite,
  completenessSuite,
  contentSuite,
  metricsSuite,
  userQueriesSuite,
  throughputLagSuite,
  pipelineHealthSuite,
  alertsSuite,
];

export const DEFAULT_SUITES: readonly Suite[] = [...CORE_SUITES, dashboardSuite];

export function suitesByIds(ids: readonly string[]): Suite[] {
  const known = new Map(DEFAULT_SUITES.map((s) => [s.id, s]));
  return ids.map((id) => {
    const suite = known.get(id);
    if (!suite) throw new Error(`unknown suite "${id}" (known: ${[...known.keys()].join(', ')})`);
    return suite;
  });
}
