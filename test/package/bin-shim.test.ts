/** bin/aimon.js, the `aimon` command npm links, in a clone where nothing is built or installed yet. */
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';

let clone: string;
beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'aimon-bin-'));
  await mkdir(join(clone, 'bin'));
  await copyFile(join(projectRoot(), 'bin', 'aimon.js'), join(clone, 'bin', 'aimon.js'));
  await writeFile(join(clone, 'package.json'), JSON.stringify({ name: 'aimon', type: 'module' }));
});
afterAll(async () => rm(clone, { recursive: true, force: true }));

function aimon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(clone, 'bin', 'aimon.js'), ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('bin/aimon.js', () => {
  it('says to run npm ci when dist/ is not built (exit 2, one line)', async () => {
    const result = await aimon(['scenarios', 'list']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `aimon: not built yet (no dist/cli/main.js): run \`npm ci\` in ${clone} first (it builds dist/)\n`,
    });
  });

  it('says to run npm ci when the dependencies are missing (exit 2, one line)', async () => {
    // The real built CLI, in a folder with no node_modules above it.
    await cp(join(projectRoot(), 'dist'), join(clone, 'dist'), { recursive: true });
    const result = await aimon(['--version']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^aimon: dependencies are not installed \(Cannot find package '[^']+' imported from [^\n]+\): run `npm ci` in \S+ first\n$/,
    );
  });
});
