import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { endpointsFor, type StackPorts } from '../../core/endpoints.js';
import { StackError } from '../../core/errors.js';
import { defaultDataDir, projectRoot } from '../../core/paths.js';
import {
  VICTORIALOGS_FLUSH_KEY_ENV,
  VICTORIALOGS_MANAGEMENT_KEY_ENV,
} from '../../core/victoria-logs-auth.js';
import { alertmanagerComponent } from '../components/alertmanager.js';
import { collectorComponent, toolOutputRedaction } from '../components/collector.js';
import type { StackContext } from '../components/component.js';
import { prometheusComponent } from '../components/prometheus.js';
import { victoriaLogsComponent } from '../components/victoria-logs.js';
import { runCommand } from '../process/run-command.js';
import { waitUntilReady } from '../readiness/wait-until-ready.js';
import {
  portsFromEnvironment,
  readStackState,
  removeStackState,
  writeStackState,
  type StackState,
} from '../stack-state.js';
import { IMAGES } from '../versions.js';
import { dockerEngineAnswers } from './docker-engine.js';

export function composeFilePath(): string {
  return join(projectRoot(), 'stack', 'compose.yaml');
}

function composeEnv(ports: StackPorts, keepRawToolOutput: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AIMON_TOOL_OUTPUT_REDACTION: toolOutputRedaction(keepRawToolOutput),
    AIMON_OTLP_GRPC_PORT: String(ports.otlpGrpc),
    AIMON_OTLP_HTTP_PORT: String(ports.otlpHttp),
    AIMON_COLLECTOR_HEALTH_PORT: String(ports.collectorHealth),
    AIMON_COLLECTOR_METRICS_PORT: String(ports.collectorMetrics),
    AIMON_COLLECTOR_EXPORTER_PORT: String(ports.collectorPrometheusExporter),
    AIMON_VICTORIALOGS_PORT: String(ports.victoriaLogs),
    AIMON_PROMETHEUS_PORT: String(ports.prometheus),
    AIMON_ALERTMANAGER_PORT: String(ports.alertmanager),
    AIMON_GRAFANA_PORT: String(ports.grafana),
  };
}

/** `docker compose up` with the official images, then the same readiness checks as native mode. */
export async function composeUp(
  options: { dataDir?: string; ports?: Partial<StackPorts>; keepRawToolOutput?: boolean } = {},
): Promise<StackState> {
  if (!(await dockerEngineAnswers())) {
    throw new StackError(
      'no Docker engine answers (docker info failed)',
      [],
      'start Docker, or run the native stack: aimon stack up',
    );
  }
  if (!process.env.AIMON_GRAFANA_ADMIN_PASSWORD) {
    throw new StackError(
      'AIMON_GRAFANA_ADMIN_PASSWORD is not set',
      [],
      "Grafana gets no default password: export AIMON_GRAFANA_ADMIN_PASSWORD='…' first",
    );
  }
  for (const variable of [VICTORIALOGS_FLUSH_KEY_ENV, VICTORIALOGS_MANAGEMENT_KEY_ENV]) {
    if (!process.env[variable]) {
      throw new StackError(
        `${variable} is not set`,
        [],
        `VictoriaLogs' management endpoints get no default key: export ${variable}="$(openssl rand -hex 32)" first`,
      );
    }
  }
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const ports: StackPorts = { ...portsFromEnvironment(), ...options.ports } as StackPorts;
  const endpoints = endpointsFor(ports, '127.0.0.1', true);
  const result = await runCommand('docker', ['compose', '-f', composeFilePath(), 'up', '-d', '--build'], {
    env: composeEnv(ports, options.keepRawToolOutput ?? false),
  });
  if (result.code !== 0)
    throw new StackError('docker compose up failed', result.stderr.trim().split('\n').slice(-20));
  const ctx: StackContext = { dataDir, bindHost: '127.0.0.1', ports, endpoints, retention: '30d' };
  for (const component of [
    victoriaLogsComponent,
    collectorComponent,
    alertmanagerComponent,
    prometheusComponent,
  ]) {
    await waitUntilReady(component.name, component.readiness(ctx), { timeoutMs: 120_000 });
  }
  await mkdir(dataDir, { recursive: true });
  const state: StackState = {
    mode: 'docker',
    dataDir,
    bindHost: '127.0.0.1',
    ports,
    endpoints,
    components: [
      {
        name: 'victoria-logs',
        pid: 0,
        binary: IMAGES.victoriaLogs,
        version: IMAGES.victoriaLogs,
        logFile: '',
        startedAt: new Date().toISOString(),
      },
      {
        name: 'collector',
        pid: 0,
        binary: IMAGES.collector,
        version: IMAGES.collector,
        logFile: '',
        startedAt: new Date().toISOString(),
      },
      {
        name: 'prometheus',
        pid: 0,
        binary: IMAGES.prometheus,
        version: IMAGES.prometheus,
        logFile: '',
        startedAt: new Date().toISOString(),
      },
      {
        name: 'alertmanager',
        pid: 0,
        binary: IMAGES.alertmanager,
        version: IMAGES.alertmanager,
        logFile: '',
        startedAt: new Date().toISOString(),
      },
    ],
    startedAt: new Date().toISOString(),
    keepRawToolOutput: options.keepRawToolOutput ?? false,
  };
  await writeStackState(state);
  return state;
}

export async function composeDown(options: { dataDir?: string } = {}): Promise<boolean> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const state = await readStackState(dataDir);
  const result = await runCommand('docker', ['compose', '-f', composeFilePath(), 'down'], {
    env: composeEnv(state?.ports ?? portsFromEnvironment(), state?.keepRawToolOutput ?? false),
  });
  if (result.code !== 0)
    throw new StackError('docker compose down failed', result.stderr.trim().split('\n').slice(-20));
  await removeStackState(dataDir);
  return true;
}

export async function composeLogs(component?: string): Promise<string> {
  const service =
    component === 'collector' ? 'otel-collector' : component === 'victoria-logs' ? 'victorialogs' : component;
  const result = await runCommand('docker', [
    'compose',
    '-f',
    composeFilePath(),
    'logs',
    '--no-color',
    '--tail',
    '200',
    ...(service ? [service] : []),
  ]);
  return result.stdout + result.stderr;
}
