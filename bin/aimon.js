#!/usr/bin/env node
// The `aimon` command. Plain JavaScript, outside dist/, so that it exists before anything is built: npm and npx link
// it in a fresh clone too (npx keeps that link per clone), and it says what to run first instead of "not found".
import { existsSync } from 'node:fs';
import process from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');

if (!existsSync(cli)) {
  process.stderr.write(
    `aimon: not built yet (no dist/cli/main.js): run \`npm ci\` in ${root} first (it builds dist/)\n`,
  );
  process.exitCode = 2;
} else {
  let main;
  try {
    ({ main } = await import(pathToFileURL(cli).href));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write(
      `aimon: dependencies are not installed (${error.message}): run \`npm ci\` in ${root} first\n`,
    );
    process.exitCode = 2;
  }
  if (main) {
    process.exitCode = await main(process.argv).catch((error) => {
      process.stderr.write(`aimon: internal error: ${error?.message ?? error} (this is a bug)\n`);
      return 70;
    });
  }
}
