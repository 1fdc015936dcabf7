import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { registerVictoriaLogsFlushKey } from '../core/victoria-logs-auth.js';
import { log } from '../core/logger.js';

/**
 * The native stack's secrets and the data dir that holds them. The data dir is 700 (VictoriaLogs' rows, the
 * collector's queue and every log stay the owner's); `<dataDir>/secrets/` is 700 and each key file 600. Keys are
 * made on the first `stack up` and reused after, and VictoriaLogs reads them from the files (`-…AuthKey=file://…`)
 * so they never appear in a process list.
 */
export type VictoriaLogsKeyName = 'flush' | 'management';

export function secretsDir(dataDir: string): string {
  return join(dataDir, 'secrets');
}

export function victoriaLogsKeyFile(dataDir: string, name: VictoriaLogsKeyName): string {
  return join(secretsDir(dataDir), `victoria-logs-${name}.key`);
}

/** What aimon itself puts in a data dir: such a dir is made 700 even if it was created wider. */
const AIMON_ENTRIES = new Set([
  'stack.json',
  'logs',
  'secrets',
  'victoria-logs',
  'collector',
  'prometheus',
  'prometheus.yml',
  'targets',
]);

/**
 * Creates the data dir 700, or tightens an existing one that holds only aimon's files. A wider dir with other
 * content (say `--data-dir ~`) is left as it is with a warning: chmod-ing someone's shared directory is worse.
 */
export async function secureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const info = await stat(dataDir);
  if ((info.mode & 0o077) === 0) return;
  const foreign = (await readdir(dataDir)).filter((entry) => !AIMON_ENTRIES.has(entry));
  const ours = process.getuid === undefined || info.uid === process.getuid();
  if (foreign.length === 0 && ours && (info.mode & 0o1000) === 0) {
    await chmod(dataDir, 0o700);
    return;
  }
  log.warn(
    `data dir ${dataDir} is readable by others (mode ${(info.mode & 0o7777).toString(8)}) and holds more than aimon's files; ` +
      `not changing it. Its keys stay private in ${secretsDir(dataDir)} (700); use a private --data-dir for the rest.`,
  );
}

async function readOrCreateKey(file: string): Promise<string> {
  try {
    const handle = await open(file, 'wx', 0o600);
    const key = randomBytes(32).toString('base64url');
    try {
      await handle.writeFile(`${key}\n`);
    } finally {
      await handle.close();
    }
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const key = (await readFile(file, 'utf8')).trim();
  if (key === '')
    throw new Error(`${file} is empty: delete it and run \`aimon stack up\` again for a new key`);
  return key;
}

/** Makes (first run) or reads the VictoriaLogs keys of this data dir; registers the flush key for `baseUrl`. */
export async function ensureVictoriaLogsKeys(
  dataDir: string,
  baseUrl?: string,
): Promise<Record<VictoriaLogsKeyName, string>> {
  const dir = secretsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const keys = {
    flush: await readOrCreateKey(victoriaLogsKeyFile(dataDir, 'flush')),
    management: await readOrCreateKey(victoriaLogsKeyFile(dataDir, 'management')),
  };
  if (baseUrl) registerVictoriaLogsFlushKey(baseUrl, keys.flush);
  return keys;
}

/** Registers this data dir's flush key for `baseUrl`, if the dir has one (a stack started by an older aimon: none). */
export async function loadVictoriaLogsFlushKey(dataDir: string, baseUrl: string): Promise<void> {
  try {
    const key = (await readFile(victoriaLogsKeyFile(dataDir, 'flush'), 'utf8')).trim();
    if (key) registerVictoriaLogsFlushKey(baseUrl, key);
  } catch {
    // no key file: the stack runs without one (or is not native); AIMON_VICTORIALOGS_FLUSH_KEY may still apply
  }
}
