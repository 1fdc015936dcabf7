import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../core/paths.js';
import { renderAlertRules } from './alert-rules.js';
import { alertSettingsFromEnv } from './alert-settings.js';

/** The rules file compose mounts: stack/prometheus/rules/aimon-alerts.yml. */
export function checkedInAlertRulesPath(): string {
  return join(projectRoot(), 'stack', 'prometheus', 'rules', 'aimon-alerts.yml');
}

/** Renders the rules with AIMON_ALERT_* (defaults when unset) into the file compose mounts. */
export async function writeAlertRules(path = checkedInAlertRulesPath()): Promise<string> {
  await writeFile(path, renderAlertRules(alertSettingsFromEnv()));
  return path;
}
