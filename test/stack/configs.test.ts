import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, endpointsFor } from '../../core/endpoints.js';
import { projectRoot } from '../../core/paths.js';
import { collectorConfigPath, collectorEnvironment } from '../../stack/components/collector.js';
import { prometheusConfigPath } from '../../stack/components/prometheus.js';
import { composeFilePath } from '../../stack/docker/compose-stack.js';
import { collectorBinaryPath, localModuleDirs } from '../../stack/install/install-collector.js';
import { promtoolBinaryPath } from '../../stack/install/binaries.js';
import { runCommand } from '../../stack/process/run-command.js';

interface ComposeService {
  image: string;
  build?: { context: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

const compose = parse(readFileSync(composeFilePath(), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const stackDir = dirname(composeFilePath());

/** A stack context on the default ports in a fresh temporary data dir, as `aimon stack up` would build it. */
async function defaultPortsContext() {
  return {
    dataDir: await mkdtemp(join(tmpdir(), 'aimon-config-')),
    bindHost: '127.0.0.1',
    ports: DEFAULT_PORTS,
    endpoints: endpointsFor(DEFAULT_PORTS),
    retention: '30d',
  };
}

describe('stack configuration', () => {
  it('the built collector validates the shared config', async () => {
    const ctx = await defaultPortsContext();
    const result = await runCommand(collectorBinaryPath(), ['validate', '--config', collectorConfigPath()], {
      env: { ...process.env, ...collectorEnvironment(ctx) },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('the collector rejects a broken config (the validation above can fail)', async () => {
    const result = await runCommand(collectorBinaryPath(), [
      'validate',
      '--config',
      'yaml:receivers::otlp: [',
    ]);
    expect(result.code).not.toBe(0);
  });

  it('promtool accepts the shared Prometheus config', async () => {
    const result = await runCommand(promtoolBinaryPath(), ['check', 'config', prometheusConfigPath()]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('compose refers only to files that exist', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./data/')) continue; // created on first start
        expect(existsSync(resolve(stackDir, source)), `${name} mounts ${source}`).toBe(true);
      }
    }
  });

  it('compose runs the same collector and Prometheus config files as native mode', () => {
    const collector = compose.services['otel-collector']!;
    const mount = collector.volumes!.find((v) => v.includes('config.yaml'))!;
    expect(resolve(stackDir, mount.split(':')[0]!)).toBe(collectorConfigPath());
    expect(collector.command).toContain(`--config=${mount.split(':')[1]}`);
    const prometheus = compose.services.prometheus!;
    const promMount = prometheus.volumes!.find((v) => v.startsWith('./prometheus:'))!;
    expect(resolve(stackDir, promMount.split(':')[0]!, 'prometheus.yml')).toBe(prometheusConfigPath());
    expect(prometheus.command).toContain(`--config.file=${promMount.split(':')[1]}/prometheus.yml`);
    for (const target of ['collector-exporter', 'collector-counts', 'collector-self', 'victorialogs']) {
      expect(existsSync(join(stackDir, 'prometheus', 'targets', `${target}.json`))).toBe(true);
    }
  });

  it("compose's collector holds VictoriaLogs writes as native mode does: the same flush interval, its own address watched", () => {
    const collector = compose.services['otel-collector']!.environment!;
    expect(collector.AIMON_VICTORIALOGS_FLUSH_WATCH).toBe(collector.AIMON_VICTORIALOGS_URL);
    expect(compose.services.victorialogs!.command).toContain('-inmemoryDataFlushInterval=1s');
  });

  it('compose publishes every port on 127.0.0.1 by default and sets no default Grafana password', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? [])
        expect(port, name).toMatch(/^\$\{AIMON_PUBLISH_HOST:-127\.0\.0\.1\}:/);
    }
    const password = compose.services.grafana!.environment!.GF_SECURITY_ADMIN_PASSWORD!;
    expect(password).toMatch(/^\$\{AIMON_GRAFANA_ADMIN_PASSWORD:\?/);
  });

  it("compose starts Prometheus with native mode's feature flags (start timestamps, OTLP receiver)", async () => {
    const { prometheusComponent } = await import('../../stack/components/prometheus.js');
    const ctx = await defaultPortsContext();
    const features = prometheusComponent
      .command(ctx)
      .args.filter((a) => a.startsWith('--enable-feature') || a.startsWith('--web.enable'));
    expect(features).toEqual([
      '--enable-feature=created-timestamp-zero-ingestion',
      '--web.enable-otlp-receiver',
    ]);
    for (const flag of features) expect(compose.services.prometheus!.command).toContain(flag);
    expect(compose.services['otel-collector']!.environment!.AIMON_PROMETHEUS_URL).toBe(
      'http://prometheus:9090',
    );
  });

  it('compose uses the official images at the pinned native versions, and builds the collector as native does', async () => {
    const { IMAGES, COLLECTOR_BUILDER_VERSION } = await import('../../stack/versions.js');
    expect(compose.services['otel-collector']!.image).toBe(IMAGES.collector);
    expect(compose.services['otel-collector']!.build).toEqual({ context: './collector' });
    const dockerfile = readFileSync(join(dirname(composeFilePath()), 'collector', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`ARG OCB_VERSION=${COLLECTOR_BUILDER_VERSION}\n`);
    expect(dockerfile).toContain('COPY builder-config.yaml ./');
    for (const dir of localModuleDirs())
      expect(dockerfile).toContain(`COPY ${basename(dir)} ./${basename(dir)}`);
    expect(compose.services.victorialogs!.image).toBe(IMAGES.victoriaLogs);
    expect(compose.services.prometheus!.image).toBe(IMAGES.prometheus);
    expect(compose.services.grafana!.image).toBe(IMAGES.grafana);
    expect(compose.services.alertmanager!.image).toBe(IMAGES.alertmanager);
    expect(projectRoot()).toBe(resolve(stackDir, '..'));
  });

  it('Prometheus loads the alert rules and sends alerts to the Alertmanager its targets name', () => {
    const config = parse(readFileSync(prometheusConfigPath(), 'utf8')) as {
      rule_files: string[];
      alerting: { alertmanagers: Array<{ file_sd_configs: Array<{ files: string[] }> }> };
    };
    expect(config.rule_files).toEqual(['rules/*.yml']);
    expect(existsSync(join(stackDir, 'prometheus', 'rules', 'aimon-alerts.yml'))).toBe(true);
    const file = config.alerting.alertmanagers[0]!.file_sd_configs[0]!.files[0]!;
    const targets = JSON.parse(readFileSync(join(stackDir, 'prometheus', file), 'utf8')) as Array<{
      targets: string[];
    }>;
    expect(targets[0]!.targets).toEqual(['alertmanager:9093']);
  });

  it("compose's Alertmanager writes the config native mode renders, with and without a webhook", async () => {
    const { renderAlertmanagerConfig } = await import('../../stack/alerts/alertmanager-config.js');
    const service = compose.services.alertmanager!;
    // Compose turns $$ into $; the script writes into the data volume, here a temporary dir.
    const dir = await mkdtemp(join(tmpdir(), 'aimon-am-compose-'));
    const script = service
      .command![0]!.replace(/\$\$/g, '$')
      .replace(/\/alertmanager\/alertmanager\.yml/, `${dir}/alertmanager.yml`)
      .replace(/exec \/bin\/alertmanager[^]*$/, '');
    for (const webhookUrl of ['https://hooks.example.com/aimon?token=abc', undefined]) {
      const result = await runCommand('/bin/sh', ['-c', script], {
        env: { PATH: process.env.PATH, AIMON_ALERT_WEBHOOK_URL: webhookUrl ?? '' },
      });
      expect(result.code).toBe(0);
      expect(parse(readFileSync(join(dir, 'alertmanager.yml'), 'utf8'))).toEqual(
        parse(renderAlertmanagerConfig({ webhookUrl, groupWaitMs: 10_000 })),
      );
    }
    expect(service.command![0]).toContain('--cluster.listen-address=');
  });
});
