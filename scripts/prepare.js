// npm's prepare step: `npm ci` / `npm install` in a clone, an install from git and `npm pack` build dist/ here.
// Without the dev dependencies there is no compiler (npx in a clone nobody ran `npm ci` in links the clone and runs
// this; so does `npm ci --omit=dev`): then say so and succeed, so that npm still links `aimon`, whose bin/aimon.js
// tells the user to run `npm ci`. A failing build fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let compiler = true;
try {
  createRequire(join(root, 'package.json')).resolve('typescript');
} catch {
  compiler = false;
}

if (compiler) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exitCode = build.status ?? 1;
} else {
  process.stderr.write(
    'aimon: prepare: TypeScript is not installed, dist/ not built (run `npm ci` to build it)\n',
  );
}
