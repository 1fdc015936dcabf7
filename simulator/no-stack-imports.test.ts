import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) specifiers.push(m[1]!);
  return specifiers;
}

describe('simulator/ does not depend on stack/', () => {
  it('the scanner sees every form of import', () => {
    expect(
      importsOf(
        [
          "import { a } from '../stack/a.js';",
          "import type {\n  B,\n} from '../../stack/b.js';",
          "export { c } from '../stack/c.js';",
          "import '../stack/d.js';",
          "const e = await import('../stack/e.js');",
        ].join('\n'),
      ),
    ).toEqual(['../stack/a.js', '../../stack/b.js', '../stack/c.js', '../stack/d.js', '../stack/e.js']);
  });

  it('no file under simulator/ imports a module under stack/', async () => {
    const stackDir = join(root, 'stack') + sep;
    const offenders: string[] = [];
    // This file's own samples above are strings, not imports.
    const self = fileURLToPath(import.meta.url);
    const files = (await tsFiles(join(root, 'simulator'))).filter((f) => f !== self);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      for (const specifier of importsOf(await readFile(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), specifier);
        if (target.startsWith(stackDir)) offenders.push(`${relative(root, file)} → ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
