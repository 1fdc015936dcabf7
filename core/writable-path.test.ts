import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { checkWritableFile } from './writable-path.js';

describe('checkWritableFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aimon-writable-'));
    await writeFile(join(dir, 'file.json'), '{}');
    await mkdir(join(dir, 'locked'));
    await chmod(join(dir, 'locked'), 0o500);
  });
  const fails = (path: string, message: string | RegExp, options = {}): void => {
    expect(() => checkWritableFile(path, '--ledger', options)).toThrow(UserError);
    expect(() => checkWritableFile(path, '--ledger', options)).toThrow(message);
  };

  it('accepts a new file, one in directories still to be made, and an existing file', () => {
    expect(() => checkWritableFile(join(dir, 'new.json'), '--ledger')).not.toThrow();
    expect(() => checkWritableFile(join(dir, 'a', 'b', 'ledger.json'), '--ledger')).not.toThrow();
    expect(() => checkWritableFile(join(dir, 'file.json'), '--ledger')).not.toThrow();
  });

  it('refuses /proc and /sys at once (Node’s recursive mkdir never returns under /proc)', () => {
    fails('/proc/foo/ledger.json', '--ledger /proc/foo/ledger.json: /proc is a kernel filesystem');
    fails('/proc/self/status', /\/proc is a kernel filesystem/);
    fails('/sys/ledger.json', /\/sys is a kernel filesystem/);
  });

  it('refuses a directory, a path through a file, and a device unless allowed', () => {
    fails(dir, `--ledger ${dir} is a directory`);
    fails(join(dir, 'file.json', 'ledger.json'), `${join(dir, 'file.json')} is not a directory`);
    fails('/dev/null', '--ledger /dev/null is not a regular file');
    expect(() => checkWritableFile('/dev/null', '--output', { allowDevices: true })).not.toThrow();
  });

  it.skipIf(process.getuid?.() === 0)('refuses a directory without write permission', () => {
    fails(join(dir, 'locked', 'ledger.json'), /cannot create files in .*locked \(EACCES\)/);
  });
});
