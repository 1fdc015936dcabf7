import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where built stack binaries are cached, keyed by component and version. Outside the repo so clones share it. */
export function cacheDir(): string {
  const base =
    process.env.AIMON_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aimon');
  return resolve(base);
}

/** Default data directory of the native stack (state file, logs, storage). */
export function defaultDataDir(): string {
  const base =
    process.env.AIMON_DATA_DIR ??
    join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'aimon', 'stack');
  return resolve(base);
}

/** The repository root (works from both the TypeScript sources and the compiled dist/ tree). */
export function projectRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const parts = here.split('/');
  const distIndex = parts.lastIndexOf('dist');
  if (distIndex >= 0) return parts.slice(0, distIndex).join('/') || '/';
  return resolve(here, '..');
}
