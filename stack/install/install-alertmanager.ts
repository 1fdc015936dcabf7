import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StackError } from '../../core/errors.js';
import { runCommand } from '../process/run-command.js';
import { ALERTMANAGER_VERSION } from '../versions.js';
import { alertmanagerBinaryPath } from './binaries.js';
import { BuildProgress } from './build-progress.js';
import { requireGo } from './go-toolchain.js';

const MODULE = 'github.com/prometheus/alertmanager';

/** What the build serves instead of the web UI, whose compiled assets (ui/app/dist) are not in the Go module. */
const UI_PLACEHOLDER =
  '<!doctype html><title>Alertmanager</title><p>This Alertmanager was built from its Go module, which has no web UI. ' +
  'The API is at <a href="api/v2/alerts">api/v2/alerts</a>.</p>\n';

/**
 * Builds Alertmanager from its Go module at the pinned release (~30 s with a warm Go cache; cached by version).
 * `go install …@v0.35.0` cannot: ui/web.go embeds ui/app/dist, which the module leaves out. So the module is
 * downloaded, copied to a scratch dir, given a placeholder page where the assets go, and built there with upstream's
 * version stamping.
 */
export async function installAlertmanager(): Promise<string> {
  const go = await requireGo('Alertmanager');
  const target = alertmanagerBinaryPath();
  const scratch = join(dirname(target), 'build');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const progress = new BuildProgress(`alertmanager ${ALERTMANAGER_VERSION}`);
  const fail = (what: string, stderr: string): StackError => {
    progress.fail();
    return new StackError(
      `building Alertmanager failed (${what})`,
      stderr.trim().split('\n').slice(-20),
      'check the Go module proxy is reachable (GOPROXY), set AIMON_ALERTMANAGER_BIN to an Alertmanager ≥ 0.27, or use Docker: aimon stack up --docker',
    );
  };
  const download = await runCommand(go, ['mod', 'download', '-json', `${MODULE}@v${ALERTMANAGER_VERSION}`], {
    cwd: scratch,
    onLine: (line) => progress.onLine(line),
  });
  const moduleDir = /"Dir":\s*"([^"]+)"/.exec(download.stdout)?.[1];
  if (download.code !== 0 || !moduleDir) throw fail('module download', download.stderr || download.stdout);
  const src = join(scratch, 'src');
  await cp(moduleDir, src, { recursive: true });
  // The module cache is read-only; the copy must take the placeholder and be removable afterwards.
  await runCommand('chmod', ['-R', 'u+w', src]);
  for (const ui of ['elm', 'mantine']) {
    await mkdir(join(src, 'ui', 'app', 'dist', ui), { recursive: true });
    await writeFile(join(src, 'ui', 'app', 'dist', ui, 'index.html'), UI_PLACEHOLDER);
  }
  const ldflags = [
    `-X github.com/prometheus/common/version.Version=${ALERTMANAGER_VERSION}`,
    '-X github.com/prometheus/common/version.Branch=module',
  ].join(' ');
  const build = await runCommand(
    go,
    [
      'build',
      '-v',
      '-trimpath',
      `-ldflags=${ldflags}`,
      '-o',
      join(scratch, 'alertmanager'),
      './cmd/alertmanager',
    ],
    { cwd: src, onLine: (line) => progress.onLine(line) },
  );
  if (build.code !== 0) throw fail('go build', build.stderr);
  await rename(join(scratch, 'alertmanager'), target);
  await rm(scratch, { recursive: true, force: true });
  progress.done(`built ${target}`);
  return target;
}
