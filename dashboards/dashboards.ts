import { claudeCodeDashboard } from './claude-code-dashboard.js';
import { codexDashboard } from './codex-dashboard.js';
import type { DashboardSpec, Expectation } from './dashboard-spec.js';
import { overviewDashboard } from './overview-dashboard.js';
import { expectationsOf } from './render-dashboard.js';

export const DASHBOARD_SPECS: readonly DashboardSpec[] = [
  claudeCodeDashboard,
  codexDashboard,
  overviewDashboard,
];

/** Every panel target's expectation, keyed "<dashboard uid>/<panel id>/<refId>". */
export function allExpectations(): Map<string, Expectation> {
  const all = new Map<string, Expectation>();
  for (const spec of DASHBOARD_SPECS) for (const [key, value] of expectationsOf(spec)) all.set(key, value);
  return all;
}
