import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import { renderAlertRules } from '../alerts/alert-rules.js';
import { DEFAULT_ALERT_SETTINGS } from '../alerts/alert-settings.js';
import { projectRoot } from '../../core/paths.js';
import { isExecutable, prometheusBinaryPath } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { PROMETHEUS_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

export function prometheusConfigPath(): string {
  return join(projectRoot(), 'stack', 'prometheus', 'prometheus.yml');
}

/**
 * The scrape targets, written next to the shared prometheus.yml (compose mounts its own targets/ folder). A cluster
 * has several of some: every collector's and every VictoriaLogs process's own metrics.
 */
export function prometheusTargets(ctx: StackContext): Record<string, string[]> {
  const host = ctx.bindHost === '0.0.0.0' ? '127.0.0.1' : ctx.bindHost;
  const at = (port: number): string => `${host}:${port}`;
  const cluster = ctx.cluster?.ports;
  if (!cluster)
    return {
      'collector-exporter': [at(ctx.ports.collectorPrometheusExporter)],
      'collector-counts': [],
      prometheus: [at(ctx.ports.prometheus)],
      'collector-self': [at(ctx.ports.collectorMetrics)],
      victorialogs: [at(ctx.ports.victoriaLogs)],
      alertmanager: [at(ctx.ports.alertmanager)],
    };
  return {
    // Every client metric reaches collector-0 (stack/collector/front-config.yaml says why): one page, so the
    // otel-collector job's scrape instant is every client series' own.
    'collector-exporter': [at(cluster.collectors[0]!.exporter)],
    // Each collector counts the Claude Code API events of the sessions it gets (aimon_claude_code_*): the other
    // backends' pages hold only those counts, scraped by their own job.
    'collector-counts': cluster.collectors.slice(1).map((c) => at(c.exporter)),
    prometheus: [at(ctx.ports.prometheus)],
    'collector-self': [ctx.ports.collectorMetrics, ...cluster.collectors.map((c) => c.metrics)].map(at),
    victorialogs: [ctx.ports.victoriaLogs, cluster.victoriaLogsInsert, ...cluster.victoriaLogsStorage].map(
      at,
    ),
    alertmanager: [at(ctx.ports.alertmanager)],
  };
}

export const prometheusComponent: NativeComponent = {
  name: 'prometheus',
  ports: [{ key: 'prometheus', role: 'Prometheus HTTP API', flag: '--prometheus-port' }],
  startupTimeoutMs: 45_000,
  async binaryPath() {
    const path = prometheusBinaryPath();
    return (await isExecutable(path)) ? path : undefined;
  },
  async version(binary) {
    const { stdout, stderr } = await runCommand(binary, ['--version']);
    return /version (\S+)/.exec(stdout + stderr)?.[1] ?? PROMETHEUS_VERSION;
  },
  async prepare(ctx) {
    const dir = join(ctx.dataDir, 'prometheus');
    await mkdir(join(dir, 'targets'), { recursive: true });
    await mkdir(join(dir, 'data'), { recursive: true });
    await mkdir(join(dir, 'rules'), { recursive: true });
    await writeFile(
      join(dir, 'rules', 'aimon-alerts.yml'),
      renderAlertRules(ctx.alerts ?? DEFAULT_ALERT_SETTINGS),
    );
    await copyFile(prometheusConfigPath(), join(dir, 'prometheus.yml'));
    for (const [name, targets] of Object.entries(prometheusTargets(ctx))) {
      await writeFile(
        join(dir, 'targets', `${name}.json`),
        JSON.stringify([{ targets, labels: { component: name } }], null, 2),
      );
    }
  },
  command(ctx) {
    const dir = join(ctx.dataDir, 'prometheus');
    return {
      env: process.env,
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--storage.tsdb.retention.time=${ctx.retention}`,
        `--web.listen-address=${ctx.bindHost}:${ctx.ports.prometheus}`,
        '--log.level=warn',
        // Counters' start timestamps (from the exporter's PrometheusProto page) become zero samples, so increase()
        // and rate() count the first exported value of every counter, one-shot ones included.
        '--enable-feature=created-timestamp-zero-ingestion',
        // The collector pushes histograms here (stack/collector/config.yaml explains the split).
        '--web.enable-otlp-receiver',
      ],
    };
  },
  readiness(ctx) {
    return Ready.all(
      Ready.forHttp(`${ctx.endpoints.prometheus}/-/ready`),
      Ready.forPrometheusTarget(ctx.endpoints.prometheus, METRICS_SCRAPE_JOB),
    );
  },
};
