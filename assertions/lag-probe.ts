import { request } from 'undici';
import { backendAccess } from './backends/backend-access.js';
import type { VictoriaLogsClient } from './backends/victoria-logs-client.js';
import { exactFilter } from './logsql.js';

export interface LagProbeReport {
  probeRunId: string;
  sent: number;
  /** Emit-to-queryable latency of each probe that became visible, ms. */
  lagsMs: number[];
  /** Probes not visible within the timeout (or whose send failed). */
  lost: number;
  sendFailures: number;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface LagSummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles. */
export function summarizeLags(lagsMs: readonly number[]): LagSummary {
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return {
    count: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

interface Pending {
  id: number;
  sentAtMs: number;
}

/**
 * Sends small probe records through the collector (OTLP/HTTP JSON) and polls VictoriaLogs, WITHOUT force-flushing,
 * until each is visible: what a user waits between an event and being able to query it. Probes carry
 * aimon.probe_run_id, not aimon.run_id, so they never count as the run's records.
 */
export class LagProber {
  private readonly pending = new Map<number, Pending>();
  private readonly lags: number[] = [];
  private nextId = 0;
  private sent = 0;
  private lost = 0;
  private sendFailures = 0;
  private sendTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly options: {
      otlpHttp: string;
      logs: VictoriaLogsClient;
      probeRunId: string;
      intervalMs?: number;
      pollIntervalMs?: number;
      timeoutMs?: number;
    },
  ) {}

  get timeoutMs(): number {
    return this.options.timeoutMs ?? 30_000;
  }

  get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? 100;
  }

  start(): void {
    const interval = this.options.intervalMs ?? 250;
    this.sendTimer = setInterval(() => void this.sendProbe(), interval);
    this.schedulePoll();
  }

  /** Stops sending; then sends `extra` more probes after the load and waits until all are visible or timed out. */
  async finish(extra = 5, extraIntervalMs = 200): Promise<LagProbeReport> {
    clearInterval(this.sendTimer);
    for (let i = 0; i < extra; i++) {
      await this.sendProbe();
      await new Promise((r) => setTimeout(r, extraIntervalMs));
    }
    const deadline = Date.now() + this.timeoutMs + 1000;
    while (this.pending.size > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, this.pollIntervalMs));
    this.stopped = true;
    clearTimeout(this.pollTimer);
    this.lost += this.pending.size;
    this.pending.clear();
    return {
      probeRunId: this.options.probeRunId,
      sent: this.sent,
      lagsMs: [...this.lags],
      lost: this.lost,
      sendFailures: this.sendFailures,
      timeoutMs: this.timeoutMs,
      pollIntervalMs: this.pollIntervalMs,
    };
  }

  /** Stops everything at once (error paths). */
  abort(): void {
    this.stopped = true;
    clearInterval(this.sendTimer);
    clearTimeout(this.pollTimer);
  }

  private async sendProbe(): Promise<void> {
    const id = this.nextId++;
    const sentAtMs = Date.now();
    const nanos = `${BigInt(sentAtMs) * 1_000_000n}`;
    const attribute = (key: string, value: string | number) => ({
      key,
      value: typeof value === 'number' ? { intValue: value } : { stringValue: value },
    });
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [attribute('service.name', 'aimon-probe')] },
          scopeLogs: [
            {
              scope: { name: 'aimon.verify' },
              logRecords: [
                {
                  timeUnixNano: nanos,
                  observedTimeUnixNano: nanos,
                  body: { stringValue: 'aimon.probe' },
                  attributes: [
                    attribute('aimon.probe_run_id', this.options.probeRunId),
                    attribute('aimon.probe_id', id),
                    attribute('aimon.probe_sent_ms', sentAtMs),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    this.sent += 1;
    try {
      const url = `${this.options.otlpHttp.replace(/\/+$/, '')}/v1/logs`;
      const access = backendAccess(url);
      const response = await request(url, {
        method: 'POST',
        headers: { ...access?.headers, 'content-type': 'application/json' },
        ...(access?.dispatcher ? { dispatcher: access.dispatcher } : {}),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
      this.pending.set(id, { id, sentAtMs });
    } catch {
      this.sendFailures += 1;
      this.lost += 1;
    }
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.pollIntervalMs);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.pending.size > 0) {
        const rows = await this.options.logs.query(
          `${exactFilter('aimon.probe_run_id', this.options.probeRunId)} | fields aimon.probe_id`,
          { startMs: this.startedAtMs - 60_000 },
        );
        const now = Date.now();
        for (const row of rows) {
          const probe = this.pending.get(Number(row['aimon.probe_id']));
          if (!probe) continue;
          this.lags.push(now - probe.sentAtMs);
          this.pending.delete(probe.id);
        }
        for (const probe of this.pending.values()) {
          if (now - probe.sentAtMs > this.timeoutMs) {
            this.pending.delete(probe.id);
            this.lost += 1;
          }
        }
      }
    } catch {
      // VictoriaLogs unreachable: probes stay pending and time out; the lag assertion reports them lost.
    } finally {
      this.polling = false;
      this.schedulePoll();
    }
  }
}
