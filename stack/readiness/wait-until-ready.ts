import { StackError } from '../../core/errors.js';
import { isProcessAlive, tailFile } from '../process/background-process.js';
import type { ReadinessCheck } from './readiness-check.js';

/**
 * The last lines of a log, with Go stack dumps (`goroutine 1 [running]:` and what follows) cut out: a Go program
 * that panics at start (VictoriaLogs: "FATAL: cannot create lock file ...") prints its cause just before a dump
 * long enough to push it out of any tail.
 */
export async function causeLines(logFile: string, lines = 20): Promise<string[]> {
  return withoutStackDumps(await tailFile(logFile, 500)).slice(-lines);
}

export function withoutStackDumps(lines: string[]): string[] {
  const kept: string[] = [];
  let inDump = false;
  for (const line of lines) {
    if (/^goroutine \d+ \[/.test(line)) inDump = true;
    // The dump runs until the next timestamped log line (a restarted process's, say).
    else if (inDump && /^\d{4}-\d\d-\d\dT/.test(line)) inDump = false;
    if (!inDump && line.trim() !== '') kept.push(line);
  }
  return kept;
}

/**
 * Polls a check until it passes. Stops early, quoting the log's last lines, when the process exits;
 * fails with a one-line message when the timeout passes.
 */
export async function waitUntilReady(
  component: string,
  check: ReadinessCheck,
  options: { pid?: number; logFile?: string; timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (options.pid !== undefined && !isProcessAlive(options.pid)) {
      const tail = options.logFile ? await causeLines(options.logFile) : [];
      throw new StackError(
        `${component} exited during startup`,
        tail,
        options.logFile ? `full log: ${options.logFile}` : undefined,
      );
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2_000);
    try {
      if (await check.probe(controller.signal)) return;
      lastError = '';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
  const tail = options.logFile ? await causeLines(options.logFile) : [];
  throw new StackError(
    `${component}: ${check.description} not OK after ${options.timeoutMs}ms${lastError ? ` (${lastError})` : ''}`,
    tail,
  );
}
