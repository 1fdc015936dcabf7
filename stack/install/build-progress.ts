import { formatDurationMs } from '../../core/duration.js';
import { log } from '../../core/logger.js';

/**
 * Progress for long builds: counts output lines (go's "downloading" and compiled-package lines) and prints a
 * heartbeat with elapsed time, so a first build that takes minutes never looks hung.
 */
export class BuildProgress {
  private readonly startedMs = Date.now();
  private downloads = 0;
  private packages = 0;
  private lastLine = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    heartbeatMs = 10_000,
  ) {
    log.info(`[${label}] started`);
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  onLine(line: string): void {
    if (line.startsWith('go: downloading')) this.downloads += 1;
    else if (/^[\w.-]+(\/[\w.@~-]+)+$/.test(line.trim())) this.packages += 1;
    this.lastLine = line.trim().slice(0, 120);
  }

  private heartbeat(): void {
    const elapsed = formatDurationMs(Date.now() - this.startedMs);
    log.info(
      `[${this.label}] ${elapsed}: ${this.downloads} modules downloaded, ${this.packages} packages compiled` +
        (this.lastLine ? ` (last: ${this.lastLine})` : ''),
    );
  }

  done(result: string): void {
    clearInterval(this.timer);
    log.info(`[${this.label}] ${result} in ${formatDurationMs(Date.now() - this.startedMs)}`);
  }

  fail(): void {
    clearInterval(this.timer);
  }
}
