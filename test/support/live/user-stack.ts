import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts } from '../../../core/ports.js';
import { prometheusBinaryPath, victoriaLogsBinaryPath } from '../../../stack/install/binaries.js';
import { collectorBinaryPath } from '../../../stack/install/install-collector.js';

/**
 * A stack aimon did not start: the real VictoriaLogs, Prometheus and collector binaries, launched here with this
 * test's own config files on free ports. No aimon state file exists for it; verify can find it only through flags.
 */
export interface UserStack {
  dir: string;
  victoriaLogsUrl: string;
  prometheusUrl: string;
  /** The pid of each process started so far, by name (victoria-logs, prometheus, and each collector's name). */
  pids: Record<string, number>;
  /** Starts a collector with the given config (placeholders filled by `ports`) and waits until it answers. */
  startCollector(name: string, config: (ports: CollectorPorts) => string): Promise<UserCollector>;
  stop(): Promise<void>;
}

export interface CollectorPorts {
  grpc: number;
  http: number;
  metrics: number;
  exporter: number;
  victoriaLogsUrl: string;
  prometheusUrl: string;
}

export interface UserCollector {
  ports: CollectorPorts;
  otlpGrpc: string;
  metricsUrl: string;
  log(): Promise<string>;
}

async function waitFor(url: string, child: ChildProcess, logFile: string, timeoutMs = 45_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `${url}: process exited ${child.exitCode}: ${(await readFile(logFile, 'utf8')).slice(-2000)}`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts VictoriaLogs and Prometheus; the Prometheus config scrapes the exporter of the collector started with
 * `exporterPort`, in the scrape jobs aimon's metric checks read (otel-collector and its suffix-less twin).
 */
export async function startUserStack(exporterPort: number): Promise<UserStack> {
  const dir = await mkdtemp(join(tmpdir(), 'aimon-user-stack-'));
  const children: ChildProcess[] = [];
  const pids: Record<string, number> = {};
  const launch = async (name: string, binary: string, args: string[], readyUrl: string): Promise<string> => {
    const logFile = join(dir, `${name}.log`);
    const out = createWriteStream(logFile);
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    children.push(child);
    if (child.pid !== undefined) pids[name] = child.pid;
    await waitFor(readyUrl, child, logFile);
    return logFile;
  };
  const [vl, prom] = await findFreePorts(2);
  const victoriaLogsUrl = `http://127.0.0.1:${vl}`;
  const prometheusUrl = `http://127.0.0.1:${prom}`;
  await mkdir(join(dir, 'vl'));
  await launch(
    'victoria-logs',
    victoriaLogsBinaryPath(),
    [`-httpListenAddr=127.0.0.1:${vl}`, `-storageDataPath=${join(dir, 'vl')}`, '-futureRetention=2d'],
    `${victoriaLogsUrl}/health`,
  );
  await writeFile(
    join(dir, 'prometheus.yml'),
    `global:
  scrape_interval: 2s
  scrape_timeout: 1s
  scrape_protocols: [PrometheusProto, PrometheusText0.0.4]
storage:
  tsdb:
    out_of_order_time_window: 30m
otlp:
  translation_strategy: UnderscoreEscapingWithSuffixes
  promote_all_resource_attributes: true
  convert_histograms_to_nhcb: true
scrape_configs:
  - job_name: otel-collector
    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]
  - job_name: otel-collector-unsuffixed
    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]
    metric_relabel_configs:
      - { source_labels: [__name__], regex: 'claude_code_.+', action: keep }
      - source_labels: [__name__]
        regex: '(claude_code_.+?)(?:_USD|_tokens|_seconds)?_total'
        target_label: __name__
        replacement: '$1'
      - source_labels: [__name__]
        regex: 'claude_code_active_time'
        target_label: __name__
        replacement: 'claude_code_active_time_total'
`,
  );
  await launch(
    'prometheus',
    prometheusBinaryPath(),
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'prom')}`,
      `--web.listen-address=127.0.0.1:${prom}`,
      '--enable-feature=created-timestamp-zero-ingestion',
      '--web.enable-otlp-receiver',
      '--log.level=warn',
    ],
    `${prometheusUrl}/-/ready`,
  );
  let collectors = 0;
  return {
    dir,
    victoriaLogsUrl,
    prometheusUrl,
    pids,
    async startCollector(name, config) {
      const [grpc, http, metrics] = await findFreePorts(3);
      const ports: CollectorPorts = {
        grpc: grpc!,
        http: http!,
        metrics: metrics!,
        // The first collector gets the exporter port Prometheus scrapes.
        exporter: collectors++ === 0 ? exporterPort : (await findFreePorts(1))[0]!,
        victoriaLogsUrl,
        prometheusUrl,
      };
      const file = join(dir, `${name}.yaml`);
      await writeFile(file, config(ports));
      const logFile = await launch(
        name,
        collectorBinaryPath(),
        ['--config', file],
        `http://127.0.0.1:${ports.metrics}/metrics`,
      );
      return {
        ports,
        otlpGrpc: `127.0.0.1:${ports.grpc}`,
        metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
        log: () => readFile(logFile, 'utf8'),
      };
    },
    async stop() {
      await Promise.all(
        children.reverse().map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
