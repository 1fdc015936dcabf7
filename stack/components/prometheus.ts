import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import { projectRoot } from '../../core/paths.js';
import { isExecutable, prometheusBinaryPath } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { PROMETHEUS_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

export function prometheusConfigPath(): string {
  return join(projectRoot(), 'stack', 'prometheus', 'prometheus.yml');
}

/** The scrape targets, written next to the shared prometheus.yml (compose mounts its own targets/ folder). */
export function prometheusTargets(ctx: StackContext): Record<string, string> {
  const host = ctx.bindHost === '0.0.0.0' ? '127.0.0.1' : ctx.bindHost;
  return {
    'collector-exporter': `${host}:${ctx.ports.collectorPrometheusExporter}`,
    prometheus: `${host}:${ctx.ports.prometheus}`,
    'collector-self': `${host}:${ctx.ports.collectorMetrics}`,
    victorialogs: `${host}:${ctx.ports.victoriaLogs}`,
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
    await copyFile(prometheusConfigPath(), join(dir, 'prometheus.yml'));
    for (const [name, target] of Object.entries(prometheusTargets(ctx))) {
      await writeFile(
        join(dir, 'targets', `${name}.json`),
        JSON.stringify([{ targets: [target], labels: { component: name } }], null, 2),
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

export const STACK_COMPONENTS = ['victoria-logs', 'collector', 'prometheus'] as const;
