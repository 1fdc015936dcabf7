import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import {
  backupPath,
  createdMarkerPath,
  readConfigFile,
  undoFromBackup,
  writeWithBackup,
} from './config-file-backup.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimon-backup-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Bytes that a text round trip would not keep: BOM, CRLF, invalid UTF-8, no final newline. */
const ORIGINAL = Buffer.concat([
  Buffer.from('\uFEFF{\r\n  "a": 1\r\n}', 'utf8'),
  Buffer.from([0xff, 0xfe, 0x00]),
]);

describe('writeWithBackup / undoFromBackup', () => {
  it('backs up, writes, and undo restores the original byte for byte, removing the backup', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, ORIGINAL);
    expect(await writeWithBackup(file, ORIGINAL, Buffer.from('one'))).toBe('written');
    expect(await readFile(backupPath(file))).toEqual(ORIGINAL);
    expect(await readFile(file, 'utf8')).toBe('one');
    // A second change keeps the first backup: undo goes back to before aimon touched the file.
    expect(await writeWithBackup(file, Buffer.from('one'), Buffer.from('two'))).toBe('written');
    expect(await readFile(backupPath(file))).toEqual(ORIGINAL);
    expect(await undoFromBackup(file)).toBe('restored');
    expect((await readFile(file)).equals(ORIGINAL)).toBe(true);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('makes no change and no backup when the content is already the same', async () => {
    const file = join(dir, 'config.toml');
    await writeFile(file, ORIGINAL);
    expect(await writeWithBackup(file, ORIGINAL, Buffer.from(ORIGINAL))).toBe('unchanged');
    expect(await readdir(dir)).toEqual(['config.toml']);
  });

  it('undo removes a file (not its new directory) that did not exist before', async () => {
    const file = join(dir, 'new', 'deeper', 'config.toml');
    expect(await readConfigFile(file)).toBeUndefined();
    expect(await writeWithBackup(file, undefined, Buffer.from('x = 1\n'))).toBe('written');
    expect(await readFile(createdMarkerPath(file), 'utf8')).toBe('');
    expect(await writeWithBackup(file, Buffer.from('x = 1\n'), Buffer.from('x = 2\n'))).toBe('written');
    expect(await undoFromBackup(file)).toBe('removed');
    expect(await readdir(join(dir, 'new', 'deeper'))).toEqual([]);
  });

  it('undo without a backup is a UserError and changes nothing', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, ORIGINAL);
    await expect(undoFromBackup(file)).rejects.toThrow(UserError);
    await expect(undoFromBackup(file)).rejects.toThrow(/no aimon backup for .*settings\.json/);
    expect((await readFile(file)).equals(ORIGINAL)).toBe(true);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('an unwritable place is a UserError and leaves nothing behind', async () => {
    // A regular file where the config directory should be: even root cannot create files under it.
    await writeFile(join(dir, '.claude'), 'not a directory');
    const file = join(dir, '.claude', 'settings.json');
    await expect(writeWithBackup(file, undefined, Buffer.from('{}'))).rejects.toThrow(
      /cannot (write|create) .*settings\.json/,
    );
    expect(await readdir(dir)).toEqual(['.claude']);
    // A missing parent chain that cannot be created either.
    const nested = join(dir, '.claude', 'a', 'settings.json');
    await expect(writeWithBackup(nested, undefined, Buffer.from('{}'))).rejects.toThrow(UserError);
    expect(await readdir(dir)).toEqual(['.claude']);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only file is a UserError with no backup made', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, ORIGINAL);
    await chmod(file, 0o444);
    await expect(writeWithBackup(file, ORIGINAL, Buffer.from('{}'))).rejects.toThrow(/permission denied/);
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect((await readFile(file)).equals(ORIGINAL)).toBe(true);
  });

  it('a directory where the file should be is a UserError', async () => {
    const file = join(dir, 'settings.json');
    await mkdir(file);
    await expect(readConfigFile(file)).rejects.toThrow(/cannot read .*settings\.json/);
  });
});
