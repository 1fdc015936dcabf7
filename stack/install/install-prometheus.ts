import { StackError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { runCommand, whichBinary } from '../process/run-command.js';
import { PROMETHEUS_MAJOR } from '../versions.js';
import { isExecutable, prometheusBinaryPath } from './binaries.js';
import { BuildProgress } from './build-progress.js';

/** Prometheus comes from Debian's package (2.42): it installs in seconds and has everything aimon uses. */
export async function installPrometheus(force: boolean): Promise<string> {
  const existing = await prometheusBinaryPath();
  if (!force && (await isExecutable(existing))) return existing!;
  const aptGet = await whichBinary('apt-get');
  if (!aptGet || process.getuid?.() !== 0) {
    throw new StackError(
      'Prometheus is not installed and cannot be installed automatically (needs apt-get as root)',
      [],
      `install Prometheus ${PROMETHEUS_MAJOR}.x (e.g. sudo apt-get install prometheus) or set AIMON_PROMETHEUS_BIN — or use Docker: aimon stack up --docker`,
    );
  }
  const progress = new BuildProgress('prometheus (apt)', 5_000);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await runCommand(aptGet, ['update', '-qq'], { env, onLine: (l) => progress.onLine(l) });
  if (update.code !== 0) log.warn(`apt-get update failed; trying the install anyway`);
  const install = await runCommand(
    aptGet,
    ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'],
    {
      env,
      onLine: (l) => progress.onLine(l),
    },
  );
  if (install.code !== 0) {
    progress.fail();
    throw new StackError('apt-get install prometheus failed', install.stderr.trim().split('\n').slice(-20));
  }
  const installed = await whichBinary('prometheus');
  if (!installed) throw new StackError('apt-get installed prometheus but no prometheus binary is on PATH');
  progress.done(`installed ${installed}`);
  return installed;
}
