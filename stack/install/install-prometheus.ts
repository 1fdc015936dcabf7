import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StackError } from '../../core/errors.js';
import { runCommand } from '../process/run-command.js';
import { PROMETHEUS_MODULE_VERSION, PROMETHEUS_VERSION } from '../versions.js';
import { prometheusBinaryPath, promtoolBinaryPath } from './binaries.js';
import { BuildProgress } from './build-progress.js';
import { requireGo } from './go-toolchain.js';

/**
 * Builds Prometheus and promtool (config and rule checks) from their Go module at the pinned release (about 5–7 minutes on 2 cores, once; cached by version).
 * A module build has no React web UI (its assets are not in the module), so `/query` is not served; the HTTP API is.
 * The version is stamped the way upstream's Makefile does, or `--version` would print an empty one.
 */
export async function installPrometheus(): Promise<string> {
  const go = await requireGo('Prometheus');
  const target = prometheusBinaryPath();
  const gobin = join(dirname(target), 'gobin');
  await rm(gobin, { recursive: true, force: true });
  await mkdir(gobin, { recursive: true });
  const progress = new BuildProgress(`prometheus ${PROMETHEUS_VERSION}`);
  const ldflags = [
    `-X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION}`,
    '-X github.com/prometheus/common/version.Branch=module',
  ].join(' ');
  const result = await runCommand(
    go,
    [
      'install',
      '-v',
      '-trimpath',
      `-ldflags=${ldflags}`,
      `github.com/prometheus/prometheus/cmd/prometheus@${PROMETHEUS_MODULE_VERSION}`,
      `github.com/prometheus/prometheus/cmd/promtool@${PROMETHEUS_MODULE_VERSION}`,
    ],
    {
      env: { ...process.env, GOBIN: gobin },
      onLine: (line) => progress.onLine(line),
    },
  );
  if (result.code !== 0) {
    progress.fail();
    throw new StackError(
      'building Prometheus failed',
      result.stderr.trim().split('\n').slice(-20),
      'check the Go module proxy is reachable (GOPROXY), set AIMON_PROMETHEUS_BIN to a Prometheus ≥ 3.16, or use Docker: aimon stack up --docker',
    );
  }
  await rename(join(gobin, 'prometheus'), target);
  await rename(join(gobin, 'promtool'), promtoolBinaryPath());
  await rm(gobin, { recursive: true, force: true });
  progress.done(`built ${target}`);
  return target;
}
