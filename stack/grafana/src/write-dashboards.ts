/**
 * Renders the dashboard specs to stack/grafana/dashboards/*.json.
 * Run after editing a spec: `aimon dashboards render` (the static test fails while the JSON and the specs disagree).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../core/paths.js';
import { DASHBOARD_SPECS } from './dashboards.js';
import { renderDashboard } from './render-dashboard.js';

export function dashboardsDir(): string {
  return join(projectRoot(), 'stack', 'grafana', 'dashboards');
}

export function renderedDashboardText(spec: (typeof DASHBOARD_SPECS)[number]): string {
  return `${JSON.stringify(renderDashboard(spec), null, 2)}\n`;
}

export function writeDashboards(dir = dashboardsDir()): string[] {
  return DASHBOARD_SPECS.map((spec) => {
    const file = join(dir, spec.file);
    writeFileSync(file, renderedDashboardText(spec));
    return file;
  });
}
