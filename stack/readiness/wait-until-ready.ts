import { StackError } from '../../core/errors.js';
import { isProcessAlive, tailFile } from '../process/background-process.js';
import type { ReadinessCheck } from './readiness-check.js';

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
      const tail = options.logFile ? await tailFile(options.logFile, 20) : [];
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
  const tail = options.logFile ? await tailFile(options.logFile, 20) : [];
  throw new StackError(
    `${component}: ${check.description} not OK after ${options.timeoutMs}ms${lastError ? ` (${lastError})` : ''}`,
    tail,
  );
}
