import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

/**
 * aimon's own version, read from its package.json at run time: the same file whether aimon runs from the sources,
 * from dist/ in a clone or from an installed package (projectRoot() finds the package root in each layout).
 */
export function packageVersion(): string {
  const path = join(projectRoot(), 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  if (manifest.name !== 'aimon' || typeof manifest.version !== 'string') {
    throw new Error(
      `${path} is not aimon's package.json (name ${String(manifest.name)}, version ${String(manifest.version)})`,
    );
  }
  return manifest.version;
}
