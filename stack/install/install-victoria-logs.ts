import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StackError } from '../../core/errors.js';
import { runCommand } from '../process/run-command.js';
import { VICTORIA_LOGS_VERSION } from '../versions.js';
import { victoriaLogsBinaryPath } from './binaries.js';
import { BuildProgress } from './build-progress.js';
import { requireGo } from './go-toolchain.js';

/** Builds VictoriaLogs from its Go module at the pinned release, stamping the version like upstream's Makefile. */
export async function installVictoriaLogs(): Promise<string> {
  const go = await requireGo('VictoriaLogs');
  const target = victoriaLogsBinaryPath();
  const gobin = join(dirname(target), 'gobin');
  await rm(gobin, { recursive: true, force: true });
  await mkdir(gobin, { recursive: true });
  const progress = new BuildProgress(`victoria-logs ${VICTORIA_LOGS_VERSION}`);
  const ldflags = `-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-v${VICTORIA_LOGS_VERSION}`;
  const result = await runCommand(
    go,
    [
      'install',
      '-v',
      `-ldflags=${ldflags}`,
      `github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs@v${VICTORIA_LOGS_VERSION}`,
    ],
    {
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: process.env.CGO_ENABLED ?? '1' },
      onLine: (line) => progress.onLine(line),
    },
  );
  if (result.code !== 0) {
    progress.fail();
    throw new StackError(
      'building VictoriaLogs failed',
      result.stderr.trim().split('\n').slice(-20),
      'it needs a C compiler (cgo, for zstd): apt-get install gcc — or use Docker: aimon stack up --docker',
    );
  }
  await rename(join(gobin, 'victoria-logs'), target);
  await rm(gobin, { recursive: true, force: true });
  progress.done(`built ${target}`);
  return target;
}
