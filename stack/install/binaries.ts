import { access, constants } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheDir } from '../../core/paths.js';
import { ALERTMANAGER_VERSION, PROMETHEUS_VERSION, VICTORIA_LOGS_VERSION } from '../versions.js';
export { collectorBinaryPath } from './install-collector.js';

export type ComponentName = 'collector' | 'victoria-logs' | 'prometheus' | 'alertmanager';

/** Where each binary lives: AIMON_<X>_BIN overrides; built ones are cached by version outside the repo. */

export function victoriaLogsBinaryPath(): string {
  return (
    process.env.AIMON_VICTORIALOGS_BIN ??
    join(cacheDir(), 'victoria-logs', VICTORIA_LOGS_VERSION, 'victoria-logs')
  );
}

export function prometheusBinaryPath(): string {
  return process.env.AIMON_PROMETHEUS_BIN ?? join(cacheDir(), 'prometheus', PROMETHEUS_VERSION, 'prometheus');
}

/** promtool of the same release, built beside it. */
export function promtoolBinaryPath(): string {
  return join(dirname(prometheusBinaryPath()), 'promtool');
}

export function alertmanagerBinaryPath(): string {
  return (
    process.env.AIMON_ALERTMANAGER_BIN ??
    join(cacheDir(), 'alertmanager', ALERTMANAGER_VERSION, 'alertmanager')
  );
}

export async function isExecutable(path: string | undefined): Promise<boolean> {
  if (!path) return false;
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const INSTALL_HINT = 'run "aimon stack install" (or use Docker: aimon stack up --docker)';
