import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Starts a long-running program detached from this CLI, its output appended to a log file. */
export function startBackgroundProcess(
  bin: string,
  args: string[],
  options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): number {
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${bin}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isProcessAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // A child we spawned that exited stays a zombie until its parent reaps it; it no longer runs.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** SIGTERM, wait up to timeoutMs, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(
  pid: number,
  timeoutMs = 15_000,
): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isProcessAlive(pid)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return 'stopped';
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  while (isProcessAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  return 'killed';
}

export async function tailFile(path: string, lines: number): Promise<string[]> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}
