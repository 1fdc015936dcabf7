/**
 * Checks, before a run starts, that a file the run will write at its end (the ledger, --output, reports) can be
 * written: a run of minutes must not be lost to a typo found only when its ledger is written.
 */
import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UserError } from './errors.js';

/** Kernel filesystems: files there are not files (and Node's recursive mkdir loops forever under /proc). */
const PSEUDO_FS_ROOTS = ['/proc', '/sys'];

function pseudoFsRoot(path: string): string | undefined {
  return PSEUDO_FS_ROOTS.find((root) => path === root || path.startsWith(`${root}${sep}`));
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function canAccess(path: string, mode: number): string | undefined {
  try {
    accessSync(path, mode);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
}

export interface WritableFileOptions {
  /** An existing character device or FIFO is fine too (--output /dev/null, /dev/stdout). */
  allowDevices?: boolean;
}

/**
 * Throws a one-line UserError naming `flag` unless `path` is a file this process can create or overwrite: an existing
 * writable regular file, or a new file whose nearest existing ancestor is a writable directory (the missing
 * directories are created at write time). Nothing is created or changed.
 */
export function checkWritableFile(path: string, flag: string, options: WritableFileOptions = {}): void {
  const absolute = resolve(path);
  const shown = `${flag} ${path}`;
  const refusePseudo = (where: string): void => {
    const root = pseudoFsRoot(where);
    if (root) throw new UserError(`${shown}: ${root} is a kernel filesystem, not a place to write files`);
  };
  refusePseudo(absolute);
  const existing = statOrUndefined(absolute);
  if (existing) {
    if (existing.isDirectory()) throw new UserError(`${shown} is a directory (expected a file name)`);
    const device = existing.isCharacterDevice() || existing.isFIFO();
    if (!existing.isFile() && !(device && options.allowDevices))
      throw new UserError(`${shown} is not a regular file`);
    if (!device) refusePseudo(realpathOr(absolute));
    const denied = canAccess(absolute, constants.W_OK);
    if (denied) throw new UserError(`${shown} is not writable (${denied})`);
    return;
  }
  let dir = dirname(absolute);
  let dirStats = statOrUndefined(dir);
  while (!dirStats && dirname(dir) !== dir) {
    dir = dirname(dir);
    dirStats = statOrUndefined(dir);
  }
  refusePseudo(realpathOr(dir));
  if (!dirStats?.isDirectory()) throw new UserError(`${shown}: ${dir} is not a directory`);
  const denied = canAccess(dir, constants.W_OK | constants.X_OK);
  if (denied) throw new UserError(`${shown}: cannot create files in ${dir} (${denied})`);
}
