import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Like `command -v NAME`: the first executable NAME on PATH, or undefined. */
export function findOnPath(
  name: string,
  pathVariable: string | undefined = process.env.PATH,
): string | undefined {
  if (name.includes('/')) return isExecutableFile(resolve(name)) ? resolve(name) : undefined;
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export { isExecutableFile };
