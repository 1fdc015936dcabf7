/**
 * The npm package as a user gets it: `npm pack` (its prepare script builds dist/), install the tarball into an empty
 * folder from the npm cache (offline), and run the installed `aimon` from there, nowhere near this repository.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import { builtinScenarioDir } from '../../scenarios/load-scenario.js';
import { dashboardsDir } from '../../dashboards/write-dashboards.js';
import { collectorConfigPath } from '../../stack/components/collector.js';
import { prometheusConfigPath } from '../../stack/components/prometheus.js';
import { composeFilePath } from '../../stack/docker/compose-stack.js';
import { builderConfigPath } from '../../stack/install/install-collector.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: none of the npm_* variables `npm test` sets for its own package. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_package_|npm_lifecycle_|npm_command$|npm_config_local_prefix$|INIT_CWD$)/i.test(key),
    ),
  );
  return { ...env, ...extra };
}

function run(file: string, args: string[], cwd: string, env = userEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 150_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The user's lockfile: aimon from the tarball, and aimon's runtime dependencies at the versions aimon's own lockfile
 * pins (the entries not marked dev). With it npm needs only the tarballs `npm ci` already cached, not the registry's
 * package metadata, so the install runs offline.
 */
async function userLockfile(tarball: string, manifest: Record<string, unknown>): Promise<unknown> {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const runtime = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev);
  return {
    name: 'aimon-user',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'aimon-user', dependencies: { aimon: `file:${tarball}` } },
      'node_modules/aimon': {
        version: manifest.version,
        resolved: `file:${tarball}`,
        license: manifest.license,
        dependencies: manifest.dependencies,
        bin: manifest.bin,
        engines: manifest.engines,
      },
      ...Object.fromEntries(runtime),
    },
  };
}

/** `from './x.js'`, `import('./x.js')`, `import './x.js'` and `new URL('./x.js', import.meta.url)` (worker scripts). */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)['"](\.{1,2}\/[^'"$]+)['"]/g;

const root = projectRoot();
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  version: string;
};
let work: string;
let packed: { filename: string; size: number; entryCount: number; files: { path: string }[] };
let installed: string;
let packedPaths: Set<string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'aimon-pack-'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], root);
  expect(pack.code, pack.stderr).toBe(0);
  // npm prints the prepare script's output before the JSON.
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as (typeof packed)[])[0]!;
  packedPaths = new Set(packed.files.map((f) => f.path));

  const app = join(work, 'app');
  await mkdir(app);
  const tarball = `../${packed.filename}`;
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'aimon-user', private: true, dependencies: { aimon: `file:${tarball}` } }),
  );
  await writeFile(join(app, 'package-lock.json'), JSON.stringify(await userLockfile(tarball, manifest)));
  const install = await run(
    'npm',
    ['install', '--offline', '--prefer-offline', '--no-audit', '--no-fund'],
    app,
  );
  expect(install.code, install.stderr).toBe(0);
  installed = join(app, 'node_modules', 'aimon');
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm package', () => {
  it('holds the compiled CLI and LICENSE, without tests, source maps or sources', async () => {
    expect(packedPaths).toContain('LICENSE');
    expect(packedPaths).toContain('bin/aimon.js');
    expect(packedPaths).toContain('dist/cli/main.js');
    const unwanted = [...packedPaths].filter((p) =>
      /^dist\/test\/|\.map$|(?<!\.d)\.ts$|\.test\.|\.fixture\.|^test\/|^\.ci\//.test(p),
    );
    expect(unwanted).toEqual([]);
    const license = await readFile(join(installed, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it('holds every file the CLI reads from its package root', () => {
    const fromRoot = (path: string): string => relative(root, path).split('\\').join('/');
    const needed = [
      composeFilePath(),
      collectorConfigPath(),
      builderConfigPath(),
      prometheusConfigPath(),
      ...readdirSync(join(dirname(prometheusConfigPath()), 'targets')).map((f) =>
        join(dirname(prometheusConfigPath()), 'targets', f),
      ),
      ...readdirSync(dashboardsDir()).map((f) => join(dashboardsDir(), f)),
      ...readdirSync(builtinScenarioDir()).map((f) => join(builtinScenarioDir(), f)),
      join(root, 'stack', 'grafana', 'provisioning', 'dashboards', 'dashboards.yaml'),
      join(root, 'stack', 'grafana', 'provisioning', 'datasources', 'datasources.yaml'),
    ].map(fromRoot);
    expect(needed.filter((p) => !packedPaths.has(p))).toEqual([]);
  });

  // Static, so it also covers modules the two commands below never load (worker scripts, lazy imports).
  it('resolves every relative import of the packed JavaScript to a packed file', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of [...packedPaths].filter((path) => path.endsWith('.js'))) {
      const source = await readFile(join(installed, file), 'utf8');
      for (const [, specifier] of source.matchAll(RELATIVE_IMPORT)) {
        checked += 1;
        const target = posix.normalize(posix.join(posix.dirname(file), specifier!));
        if (!packedPaths.has(target)) missing.push(`${file} → ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(packedPaths.size);
  });

  it('exports the library API, with its types, from the install (`import … from "aimon"`)', async () => {
    expect(packedPaths).toContain('dist/index.d.ts');
    expect(packedPaths).toContain('dist/index.js');
    const script = "import * as aimon from 'aimon'; console.log(JSON.stringify(Object.keys(aimon).sort()))";
    const app = dirname(dirname(installed));
    const listed = await run(process.execPath, ['--input-type=module', '-e', script], app);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining(['simulate', 'verify', 'loadScenario', 'startStack', 'stopStack', 'readLedger']),
    );
    const types = await readFile(join(installed, 'dist', 'index.d.ts'), 'utf8');
    expect(types).toMatch(/export \{ simulate,/);
  });

  it("typechecks a user's code against the installed declarations, library checks on (skipLibCheck false)", async () => {
    const app = dirname(dirname(installed));
    // Only @types/node comes from this repo; everything else the declarations need must come with the install.
    for (const dir of ['@types/node', 'undici-types']) {
      await cp(join(root, 'node_modules', dir), join(app, 'node_modules', dir), { recursive: true });
    }
    await writeFile(
      join(app, 'use-aimon.mts'),
      [
        "import { simulate, startStack, verify, type VerifyReport } from 'aimon';",
        "const stack = await startStack({ ports: 'free' });",
        "const run = await simulate({ scenario: 'smoke', ratePerSec: 10, durationMs: 1000, target: stack.targets.otlp });",
        'const report: VerifyReport = await verify({ ledger: run.ledger, targets: stack.targets });',
        'export const passed: boolean = report.passed;',
      ].join('\n'),
    );
    const options = {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
    };
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: options, files: ['use-aimon.mts'] }),
    );
    const tsc = await run(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app],
      app,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('runs `aimon --version` from the install: the package.json version, whatever npm project it runs in', async () => {
    // npm sets npm_package_version to the version of the project whose script is running, not aimon's.
    const version = await run(
      join(installed, '..', '.bin', 'aimon'),
      ['--version'],
      dirname(dirname(installed)),
      userEnv({ npm_package_version: '9.9.9-not-aimon' }),
    );
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('runs `aimon scenarios list` from the install, reading the scenarios packed with it', async () => {
    const list = await run(join(installed, '..', '.bin', 'aimon'), ['scenarios', 'list', '--json'], work);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const scenarios = JSON.parse(list.stdout) as { name: string; file: string }[];
    const expected = readdirSync(builtinScenarioDir())
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ''))
      .sort();
    expect(scenarios.map((s) => s.name).sort()).toEqual(expected);
    const installedReal = await realpath(installed);
    for (const s of scenarios)
      expect(s.file.startsWith(join(installedReal, 'scenarios', 'examples'))).toBe(true);

    const table = await run(join(installed, '..', '.bin', 'aimon'), ['scenarios', 'list'], work);
    expect(table.code).toBe(0);
    for (const name of expected) expect(table.stdout).toContain(name);
  });
});
