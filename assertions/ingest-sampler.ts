import { httpText } from './backends/http-get.js';
import { parsePrometheusText, sumSamples } from './backends/prometheus-text.js';
import { VICTORIA_LOGS_INGESTED } from './pipeline-snapshot.js';

/** Samples VictoriaLogs' rows-ingested counter once a second during the load (the "ingested" chart line). */
export class IngestSampler {
  readonly samples: Array<[number, number]> = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly victoriaLogsUrl: string,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const text = await httpText('VictoriaLogs', `${this.victoriaLogsUrl.replace(/\/+$/, '')}/metrics`, {
        timeoutMs: 2000,
      });
      this.samples.push([Date.now(), sumSamples(parsePrometheusText(text), VICTORIA_LOGS_INGESTED)]);
    } catch {
      // A missed sample only thins the chart.
    } finally {
      this.busy = false;
    }
  }
}
