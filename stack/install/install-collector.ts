import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { StackError } from '../../core/errors.js';
import { cacheDir, projectRoot } from '../../core/paths.js';
import { runCommand } from '../process/run-command.js';
import { COLLECTOR_BUILDER_VERSION, COLLECTOR_VERSION } from '../versions.js';
import { BuildProgress } from './build-progress.js';
import { requireGo } from './go-toolchain.js';

export function builderConfigPath(): string {
  return join(projectRoot(), 'stack', 'collector', 'builder-config.yaml');
}

/** The manifest's components built from a folder of this project (a `path`, relative to the manifest). */
function localModules(manifest: Record<string, unknown>): { path: string }[] {
  return Object.values(manifest)
    .filter((section): section is { path?: unknown }[] => Array.isArray(section))
    .flat()
    .filter((entry): entry is { path: string } => typeof entry.path === 'string');
}

/** aimon's own components' source folders (the durablecumulative processor). */
export function localModuleDirs(): string[] {
  const manifest = parse(readFileSync(builderConfigPath(), 'utf8')) as Record<string, unknown>;
  return localModules(manifest).map((entry) => resolve(dirname(builderConfigPath()), entry.path));
}

/**
 * Cache key: the release plus a hash of the ocb manifest and of the local components' sources, so changing the
 * component list or aimon's own processor rebuilds.
 */
export function collectorCacheKey(): string {
  const hash = createHash('sha256').update(readFileSync(builderConfigPath()));
  for (const dir of localModuleDirs()) {
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(go|mod|sum)$/.test(file) || file.endsWith('_test.go')) continue;
      hash.update(file).update(readFileSync(join(dir, file)));
    }
  }
  return `${COLLECTOR_VERSION}-${hash.digest('hex').slice(0, 8)}`;
}

export function collectorBinaryPath(): string {
  return (
    process.env.AIMON_COLLECTOR_BIN ?? join(cacheDir(), 'collector', collectorCacheKey(), 'otelcol-aimon')
  );
}

/** Builds the collector distribution exactly as ocb does: install ocb, generate sources, go build. */
export async function installCollector(): Promise<string> {
  const go = await requireGo('the collector');
  const target = collectorBinaryPath();
  const workDir = join(dirname(target), 'src');
  const toolsDir = join(cacheDir(), 'tools', `builder-${COLLECTOR_BUILDER_VERSION}`);
  const builder = join(toolsDir, 'builder');
  await mkdir(toolsDir, { recursive: true });

  const progress = new BuildProgress(`collector ${COLLECTOR_VERSION}`);
  try {
    const ocb = await runCommand(
      go,
      ['install', `go.opentelemetry.io/collector/cmd/builder@v${COLLECTOR_BUILDER_VERSION}`],
      {
        env: { ...process.env, GOBIN: toolsDir },
        onLine: (line) => progress.onLine(line),
      },
    );
    if (ocb.code !== 0) throw buildFailure('installing ocb (collector builder)', ocb.stderr);

    const manifest = parse(readFileSync(builderConfigPath(), 'utf8')) as Record<string, unknown> & {
      dist: Record<string, unknown>;
    };
    manifest.dist.output_path = workDir;
    resolveLocalPaths(manifest);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    const manifestPath = join(dirname(target), 'builder-config.yaml');
    await writeFile(manifestPath, stringify(manifest));

    const build = await runCommand(builder, ['--config', manifestPath, '--verbose'], {
      env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, '-v'].filter(Boolean).join(' ') },
      onLine: (line) => progress.onLine(line),
    });
    if (build.code !== 0) throw buildFailure('building the collector', build.stderr + build.stdout);
    await rename(join(workDir, 'otelcol-aimon'), target);
    progress.done(`built ${target}`);
    return target;
  } catch (error) {
    progress.fail();
    throw error;
  }
}

/** ocb reads `path` relative to its working directory; the manifest is copied elsewhere, so make them absolute. */
function resolveLocalPaths(manifest: Record<string, unknown>): void {
  for (const entry of localModules(manifest)) entry.path = resolve(dirname(builderConfigPath()), entry.path);
}

function buildFailure(step: string, output: string): StackError {
  const tail = output.trim().split('\n').slice(-20);
  return new StackError(
    `${step} failed`,
    tail,
    'check the Go module proxy is reachable (GOPROXY), or use Docker: aimon stack up --docker',
  );
}
