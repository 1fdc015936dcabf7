import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../core/paths.js';
import { collectorComponent, collectorConfigPath, collectorEnvironment } from '../components/collector.js';
import type { NativeComponent, StackContext } from '../components/component.js';
import {
  victoriaLogsComponent,
  victoriaLogsManagementKeyArgs,
  victoriaLogsStorageArgs,
  victoriaLogsStorageProblem,
} from '../components/victoria-logs.js';
import { Ready } from '../readiness/ready.js';
import { ensureVictoriaLogsKeys, victoriaLogsKeyFile } from '../stack-secrets.js';
import type { BackendCollectorPorts, ClusterLayout } from './cluster-layout.js';
import { singleProcess, type StackProcess } from './stack-process.js';

/** The front collector's pipeline: OTLP in, split by session over the backend collectors' persistent queues. */
export function frontCollectorConfigPath(): string {
  return join(projectRoot(), 'stack', 'collector', 'front-config.yaml');
}

/**
 * The cluster topology's processes, in start order: VictoriaLogs storage nodes, then its insert and select nodes
 * (which need the storage nodes' addresses), the backend collectors (which write to the insert node), the front
 * collector (which feeds them), then the components that run once as in the single topology (Prometheus...).
 */
export function clusterProcesses(
  ctx: StackContext,
  layout: ClusterLayout,
  onceComponents: readonly NativeComponent[],
): StackProcess[] {
  const host = ctx.bindHost === '0.0.0.0' ? '127.0.0.1' : ctx.bindHost;
  const url = (port: number): string => `http://${host}:${port}`;
  const storageNodes = layout.ports.victoriaLogsStorage.map((port) => `${host}:${port}`).join(',');

  const storage = layout.ports.victoriaLogsStorage.map((port, i): StackProcess => ({
    name: `vlstorage-${i}`,
    role: `VictoriaLogs storage node ${i + 1} of ${layout.storageNodes}`,
    component: victoriaLogsComponent,
    ports: [{ number: port, role: `VictoriaLogs storage node ${i}`, flag: '--storage-nodes' }],
    async prepare() {
      await mkdir(join(ctx.dataDir, 'victoria-logs', `storage-${i}`), { recursive: true });
      await ensureVictoriaLogsKeys(ctx.dataDir, url(port));
    },
    command: () => ({
      env: process.env,
      args: victoriaLogsStorageArgs(ctx, port, join(ctx.dataDir, 'victoria-logs', `storage-${i}`)),
    }),
    readiness: () => Ready.forHttp(`${url(port)}/health`),
    problem: () => victoriaLogsStorageProblem(url(port)),
  }));

  /** vlinsert / vlselect: the same binary with -storageNode; each role's other HTTP API is turned off. */
  const router = (name: string, role: string, port: number, disable: string): StackProcess => ({
    name,
    role,
    component: victoriaLogsComponent,
    ports: [
      { number: port, role: `VictoriaLogs ${name}`, flag: name === 'vlselect' ? '--victorialogs-port' : '' },
    ],
    async prepare() {
      await ensureVictoriaLogsKeys(ctx.dataDir);
    },
    command: () => ({
      env: process.env,
      args: [
        `-httpListenAddr=${ctx.bindHost}:${port}`,
        `-storageNode=${storageNodes}`,
        disable,
        '-loggerLevel=WARN',
        `-forceFlushAuthKey=file://${victoriaLogsKeyFile(ctx.dataDir, 'flush')}`,
        ...victoriaLogsManagementKeyArgs(ctx.dataDir),
      ],
    }),
    readiness: () => Ready.forHttp(`${url(port)}/health`),
  });

  const backends = layout.ports.collectors.map((ports, i) => backendCollector(ctx, ports, i));

  const front: StackProcess = {
    name: 'collector-front',
    role: `OTLP entry: splits by session over ${layout.ports.collectors.length} collectors`,
    component: collectorComponent,
    ports: [
      { number: ctx.ports.otlpGrpc, role: 'front collector OTLP gRPC', flag: '--otlp-grpc-port' },
      { number: ctx.ports.otlpHttp, role: 'front collector OTLP HTTP', flag: '--otlp-http-port' },
      { number: ctx.ports.collectorHealth, role: 'front collector health', flag: '--collector-health-port' },
      {
        number: ctx.ports.collectorMetrics,
        role: 'front collector self-metrics',
        flag: '--collector-metrics-port',
      },
    ],
    async prepare() {
      await mkdir(join(ctx.dataDir, 'collector', 'front', 'storage'), { recursive: true });
    },
    command: () => ({
      env: {
        ...process.env,
        ...collectorEnvironment(ctx),
        AIMON_COLLECTOR_STORAGE_DIR: join(ctx.dataDir, 'collector', 'front', 'storage'),
        ...Object.fromEntries(
          layout.ports.collectors.map((c, i) => [`AIMON_BACKEND_COLLECTOR_${i}_URL`, url(c.otlpHttp)]),
        ),
      },
      args: ['--config', frontCollectorConfigPath()],
    }),
    readiness: () => Ready.forHttp(ctx.endpoints.collectorHealth),
  };

  return [
    ...storage,
    router(
      'vlinsert',
      'VictoriaLogs insert node (the collectors write here)',
      layout.ports.victoriaLogsInsert,
      '-select.disable',
    ),
    router(
      'vlselect',
      'VictoriaLogs select node (queries go here)',
      ctx.ports.victoriaLogs,
      '-insert.disable',
    ),
    ...backends,
    front,
    ...onceComponents.map((component) => singleProcess(component, ctx)),
  ];
}

/** A collector behind the front one: the single topology's pipeline on its own ports, queue and journal dirs. */
function backendCollector(ctx: StackContext, ports: BackendCollectorPorts, i: number): StackProcess {
  const host = ctx.bindHost === '0.0.0.0' ? '127.0.0.1' : ctx.bindHost;
  const storageDir = join(ctx.dataDir, 'collector', String(i), 'storage');
  return {
    name: `collector-${i}`,
    role:
      i === 0
        ? 'OTLP collector 0: log records of sessions ending 0-7 (and their counts), every metric'
        : `OTLP collector ${i}: log records of sessions ending 8-f (and their counts)`,
    component: collectorComponent,
    ports: [
      { number: ports.otlpGrpc, role: `collector ${i} OTLP gRPC`, flag: '' },
      { number: ports.otlpHttp, role: `collector ${i} OTLP HTTP`, flag: '' },
      { number: ports.health, role: `collector ${i} health`, flag: '' },
      { number: ports.metrics, role: `collector ${i} self-metrics`, flag: '' },
      { number: ports.exporter, role: `collector ${i} Prometheus exporter`, flag: '' },
    ],
    async prepare() {
      await mkdir(storageDir, { recursive: true });
    },
    command: () => ({
      env: {
        ...process.env,
        ...collectorEnvironment(ctx),
        AIMON_OTLP_GRPC_PORT: String(ports.otlpGrpc),
        AIMON_OTLP_HTTP_PORT: String(ports.otlpHttp),
        AIMON_COLLECTOR_HEALTH_PORT: String(ports.health),
        AIMON_COLLECTOR_METRICS_PORT: String(ports.metrics),
        AIMON_COLLECTOR_EXPORTER_PORT: String(ports.exporter),
        AIMON_COLLECTOR_STORAGE_DIR: storageDir,
      },
      args: ['--config', collectorConfigPath()],
    }),
    readiness: () => Ready.forHttp(`http://${host}:${ports.health}/`),
  };
}
