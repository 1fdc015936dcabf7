import { log } from '../../core/logger.js';
import {
  alertmanagerBinaryPath,
  isExecutable,
  prometheusBinaryPath,
  promtoolBinaryPath,
  victoriaLogsBinaryPath,
} from './binaries.js';
import { collectorBinaryPath, installCollector } from './install-collector.js';
import { installAlertmanager } from './install-alertmanager.js';
import { installPrometheus } from './install-prometheus.js';
import { installVictoriaLogs } from './install-victoria-logs.js';

export interface InstalledBinaries {
  collector: string;
  victoriaLogs: string;
  prometheus: string;
  alertmanager: string;
}

/** Installs whatever is missing (or everything with force). Cached binaries make a rerun take a second. */
export async function installStack(options: { force?: boolean } = {}): Promise<InstalledBinaries> {
  const force = options.force ?? false;
  const collector = collectorBinaryPath();
  const victoriaLogs = victoriaLogsBinaryPath();
  const result: InstalledBinaries = {
    collector: !force && (await isExecutable(collector)) ? collector : await installCollector(),
    victoriaLogs: !force && (await isExecutable(victoriaLogs)) ? victoriaLogs : await installVictoriaLogs(),
    prometheus:
      !force && (await isExecutable(prometheusBinaryPath())) && (await isExecutable(promtoolBinaryPath()))
        ? prometheusBinaryPath()
        : await installPrometheus(),
    alertmanager:
      !force && (await isExecutable(alertmanagerBinaryPath()))
        ? alertmanagerBinaryPath()
        : await installAlertmanager(),
  };
  if (!force)
    log.info(
      `collector:     ${result.collector}\nvictoria-logs: ${result.victoriaLogs}\nprometheus:    ${result.prometheus}\nalertmanager:  ${result.alertmanager}`,
    );
  return result;
}

export async function missingBinaries(): Promise<string[]> {
  const missing: string[] = [];
  if (!(await isExecutable(collectorBinaryPath()))) missing.push(`collector (${collectorBinaryPath()})`);
  if (!(await isExecutable(victoriaLogsBinaryPath())))
    missing.push(`victoria-logs (${victoriaLogsBinaryPath()})`);
  if (!(await isExecutable(prometheusBinaryPath()))) missing.push(`prometheus (${prometheusBinaryPath()})`);
  if (!(await isExecutable(alertmanagerBinaryPath())))
    missing.push(`alertmanager (${alertmanagerBinaryPath()})`);
  return missing;
}
