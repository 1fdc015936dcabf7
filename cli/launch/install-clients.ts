/**
 * Installs the pinned real CLIs from npm into a cache outside the repo (<cacheDir>/clients/<pkg>-<version>/),
 * skipping what is already there. Used by the real-client tests and `aimon clients install`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StackError } from '../../core/errors.js';
import { cacheDir } from '../../core/paths.js';
import type { ClientSpec } from './clients.js';

export function clientInstallDir(spec: ClientSpec): string {
  return join(cacheDir(), 'clients', spec.cacheKey);
}

export function clientBinPath(spec: ClientSpec): string {
  return join(clientInstallDir(spec), 'node_modules', '.bin', spec.binName);
}

/** The cached binary when the pinned version is installed, else undefined. */
export async function installedClientBin(spec: ClientSpec): Promise<string | undefined> {
  const bin = clientBinPath(spec);
  if (!existsSync(bin)) return undefined;
  try {
    const manifestPath = join(
      clientInstallDir(spec),
      'node_modules',
      ...spec.npmPackage.split('/'),
      'package.json',
    );
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version?: string };
    return manifest.version === spec.version ? bin : undefined;
  } catch {
    return undefined;
  }
}

export interface InstallOptions {
  force?: boolean;
  onProgress?: (line: string) => void;
  /** Cap on the whole install (npm download of ~400 MB). */
  timeoutMs?: number;
}

export async function installClient(spec: ClientSpec, options: InstallOptions = {}): Promise<string> {
  const progress = options.onProgress ?? (() => {});
  const finalDir = clientInstallDir(spec);
  if (!options.force) {
    const existing = await installedClientBin(spec);
    if (existing) {
      progress(`${spec.npmPackage}@${spec.version}: already installed (${finalDir})`);
      return existing;
    }
  }
  // Install into a scratch directory and rename, so an interrupted install never looks complete.
  const scratch = `${finalDir}.tmp-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await writeFile(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'aimon-client-cache', private: true }) + '\n',
  );
  progress(`${spec.npmPackage}@${spec.version}: installing into ${finalDir} (several hundred MB)…`);
  const started = Date.now();
  try {
    await runNpm(
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--loglevel=error',
        `${spec.npmPackage}@${spec.version}`,
      ],
      scratch,
      options.timeoutMs ?? 15 * 60_000,
      progress,
    );
    await rm(finalDir, { recursive: true, force: true });
    await rename(scratch, finalDir);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const bin = await installedClientBin(spec);
  if (!bin)
    throw new StackError(
      `${spec.npmPackage}@${spec.version}: npm finished but ${clientBinPath(spec)} is missing`,
    );
  ensureRunnable(spec, bin);
  progress(`${spec.npmPackage}@${spec.version}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return bin;
}

function runNpm(
  args: string[],
  cwd: string,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        // EBADENGINE: Claude Code declares node>=22 but ships a native binary that does not use Node.
        if (!/EBADENGINE|install-scripts/.test(line)) progress(`  npm: ${line}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new StackError(`npm could not be started: ${error.message}`, [], 'install Node.js 20.19+ with npm'),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new StackError(`npm ${args.slice(-1)[0]} failed (${signal ?? `exit ${code}`})`, tail));
    });
  });
}

/**
 * Claude Code's package ships a placeholder bin that its postinstall replaces with the native binary; npm
 * versions that hold back install scripts leave the placeholder. Run the postinstall ourselves when needed.
 */
function ensureRunnable(spec: ClientSpec, bin: string): void {
  const reportsVersion = (): boolean => {
    const result = spawnSync(bin, ['--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return result.status === 0 && result.stdout.includes(spec.version);
  };
  if (reportsVersion()) return;
  const packageDir = join(clientInstallDir(spec), 'node_modules', ...spec.npmPackage.split('/'));
  if (existsSync(join(packageDir, 'install.cjs'))) {
    spawnSync(process.execPath, ['install.cjs'], { cwd: packageDir, stdio: 'ignore', timeout: 120_000 });
    if (reportsVersion()) return;
  }
  throw new StackError(
    `${spec.npmPackage}@${spec.version}: ${bin} --version does not report ${spec.version}`,
  );
}
