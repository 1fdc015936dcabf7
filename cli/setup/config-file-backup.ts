/**
 * Writes a client's config file with a backup of what was there first, and undoes that exactly.
 *
 * Beside `<file>`, the first change leaves either `<file>.aimon-backup` (the original bytes) or, when there
 * was no file, an empty `<file>.aimon-created` marker. Later changes keep that first backup, so `undo`
 * always returns to the state before aimon touched the file, byte for byte, and then removes the backup.
 * Files are written in place (not renamed over) so a symlinked dotfile and its permissions stay as they are.
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../core/errors.js';

export type WriteOutcome = 'unchanged' | 'written';

export function backupPath(file: string): string {
  return `${file}.aimon-backup`;
}

export function createdMarkerPath(file: string): string {
  return `${file}.aimon-created`;
}

/** The file's bytes, or undefined when it does not exist. Anything else (a directory, EACCES) is a UserError. */
export async function readConfigFile(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${file}: ${describeFsError(error)}`);
  }
}

/**
 * Replaces `file` with `next` unless it already holds exactly that. Checks that the file (or its directory)
 * is writable before touching anything; if the write fails anyway, a backup made by this call is removed.
 */
export async function writeWithBackup(
  file: string,
  current: Buffer | undefined,
  next: Buffer,
): Promise<WriteOutcome> {
  if (current !== undefined && current.equals(next)) return 'unchanged';
  await ensureWritable(file, current !== undefined);
  const hasBackup = (await exists(backupPath(file))) || (await exists(createdMarkerPath(file)));
  let madeDir: string | undefined;
  let madeBackup: string | undefined;
  let startedWrite = false;
  try {
    if (current === undefined) madeDir = await mkdir(dirname(file), { recursive: true });
    if (!hasBackup) {
      madeBackup = current === undefined ? createdMarkerPath(file) : backupPath(file);
      await writeFile(madeBackup, current ?? Buffer.alloc(0), { flag: 'wx', mode: 0o600 });
    }
    startedWrite = true;
    await writeFile(file, next);
  } catch (error) {
    // Leave nothing behind: a half-written file, the backup this call made, the directories it created.
    // If the original could not be put back, the backup stays so --undo can still restore it.
    const intact = !startedWrite || (await putBack(file, current));
    if (intact && madeBackup !== undefined) await rm(madeBackup, { force: true });
    if (intact && madeDir !== undefined) await rm(madeDir, { recursive: true, force: true });
    throw new UserError(`cannot write ${file}: ${describeFsError(error)}`);
  }
  return 'written';
}

export type UndoOutcome = 'restored' | 'removed';

/** Puts back what was there before the first `writeWithBackup`, then removes the backup. */
export async function undoFromBackup(file: string): Promise<UndoOutcome> {
  const backup = backupPath(file);
  const marker = createdMarkerPath(file);
  const original = await readConfigFile(backup);
  const created = await exists(marker);
  if (original === undefined && !created) {
    throw new UserError(`no aimon backup for ${file} (nothing to undo: expected ${backup})`);
  }
  if (original !== undefined && created) {
    throw new UserError(`both ${backup} and ${marker} exist; remove the one that is wrong and retry`);
  }
  if (original !== undefined) {
    await ensureWritable(file, await exists(file));
    try {
      await writeFile(file, original);
    } catch (error) {
      throw new UserError(`cannot write ${file}: ${describeFsError(error)}`);
    }
    await rm(backup);
    return 'restored';
  }
  try {
    await rm(file, { force: true });
  } catch (error) {
    throw new UserError(`cannot remove ${file}: ${describeFsError(error)}`);
  }
  await rm(marker);
  return 'removed';
}

/** Fails early, before any backup is written, when the file or the directory it would be created in can't be written. */
async function ensureWritable(file: string, fileExists: boolean): Promise<void> {
  if (fileExists) {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`cannot write ${file}: not a regular file`);
    if (!(await canWrite(file)) || !(await canWrite(dirname(file)))) {
      throw new UserError(`cannot write ${file}: permission denied`);
    }
    return;
  }
  let dir = dirname(file);
  while (!(await exists(dir))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!(await canWrite(dir))) throw new UserError(`cannot create ${file}: ${dir} is not writable`);
}

async function putBack(file: string, original: Buffer | undefined): Promise<boolean> {
  try {
    if (original === undefined) await rm(file, { force: true });
    else await writeFile(file, original);
    return true;
  } catch {
    return false;
  }
}

async function canWrite(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a parent is not a directory';
  if (code === 'EROFS') return 'read-only file system';
  return error instanceof Error ? error.message : String(error);
}
