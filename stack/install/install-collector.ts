import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

/** Cache key: the release plus a hash of the ocb manifest, so changing the component list rebuilds. */
export function collectorCacheKey(): string {
  const manifest = readFileSync(builderConfigPath());
  return `${COLLECTOR_VERSION}-${createHash('sha256').update(manifest).digest('hex').slice(0, 8)}`;
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

    const manifest = parse(readFileSync(builderConfigPath(), 'utf8')) as { dist: Record<string, unknown> };
    manifest.dist.output_path = workDir;
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

function buildFailure(step: string, output: string): StackError {
  const tail = output.trim().split('\n').slice(-20);
  return new StackError(
    `${step} failed`,
    tail,
    'check the Go module proxy is reachable (GOPROXY), or use Docker: aimon stack up --docker',
  );
}
