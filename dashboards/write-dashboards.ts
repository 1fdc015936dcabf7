/**
 * Renders the dashboard specs to stack/grafana/dashboards/*.json.
 * Run after editing a spec: `aimon dashboards render` (the static test fails while the JSON and the specs disagree).
 * `aimon dashboards export DIR` writes import-ready copies of those files (export-dashboard.ts).
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { projectRoot } from '../core/paths.js';
import { DASHBOARD_SPECS } from './dashboards.js';
import { exportDashboard } from './export-dashboard.js';
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

/** The provisioned dashboard files (stack/grafana/dashboards/*.json), name → parsed JSON, sorted by name. */
export function readDashboardFiles(
  dir = dashboardsDir(),
): Array<{ file: string; json: Record<string, unknown> }> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
    }));
}

/**
 * Writes an import-ready copy of every provisioned dashboard into `outDir` (created if missing), same file names.
 * Throws a UserError when `outDir` cannot be a directory or written.
 */
export function exportDashboardFiles(outDir: string, sourceDir = dashboardsDir()): string[] {
  const dir = resolve(outDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `dashboards export: ${outDir} cannot be created (${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (code ?? 'error')})`,
    );
  }
  if (!statSync(dir).isDirectory()) throw new UserError(`dashboards export: ${outDir} is not a directory`);
  return readDashboardFiles(sourceDir).map(({ file, json }) => {
    const target = join(dir, file);
    try {
      writeFileSync(target, `${JSON.stringify(exportDashboard(json), null, 2)}\n`);
    } catch (error) {
      throw new UserError(
        `dashboards export: cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return target;
  });
}
