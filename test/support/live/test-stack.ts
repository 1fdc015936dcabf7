import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackEndpoints, StackPorts } from '../../../core/endpoints.js';
import { findFreePorts } from '../../../core/ports.js';
import { stackDown, stackUp } from '../../../stack/native-stack.js';
import type { StackState } from '../../../stack/stack-state.js';
import {
  BACKEND_COLLECTORS,
  DEFAULT_STORAGE_NODES,
  type ClusterPorts,
} from '../../../stack/topology/cluster-layout.js';
import type { AlertSettings } from '../../../stack/alerts/alert-settings.js';

export interface TestStack {
  endpoints: StackEndpoints;
  ports: StackPorts;
  dataDir: string;
  state: StackState;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Runs before `stack up` (e.g. mounts a small filesystem for VictoriaLogs' data). */
  beforeUp?: (dataDir: string) => Promise<void>;
  /** Runs after `stack down`, before the data dir is removed (e.g. unmounts it). */
  afterDown?: (dataDir: string) => Promise<void>;
  /** `cluster`: VictoriaLogs' storage/insert/select nodes and two collectors behind a front one, all on free ports. */
  topology?: 'single' | 'cluster';
  /** A cluster's storage nodes (default 2). */
  storageNodes?: number;
  /** Alert settings (short `for:` and evaluation interval, a test's webhook) over AIMON_ALERT_* and the defaults. */
  alerts?: Partial<AlertSettings>;
}

/** Free ports for every process a cluster adds to the single topology's. */
async function freeClusterPorts(storageNodes: number, taken: StackPorts): Promise<ClusterPorts> {
  const used = new Set(Object.values(taken));
  const needed = 1 + storageNodes + 5 * BACKEND_COLLECTORS;
  const free = (await findFreePorts(needed + used.size)).filter((p) => !used.has(p)).slice(0, needed);
  const next = (): number => free.shift()!;
  return {
    victoriaLogsInsert: next(),
    victoriaLogsStorage: Array.from({ length: storageNodes }, next),
    collectors: Array.from({ length: BACKEND_COLLECTORS }, () => ({
      otlpGrpc: next(),
      otlpHttp: next(),
      health: next(),
      metrics: next(),
      exporter: next(),
    })),
  };
}

/** A real native stack on free ports in a temporary data dir, so tests never collide with a running stack. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aimon-test-stack-'));
  await options.beforeUp?.(dataDir);
  const [
    otlpGrpc,
    otlpHttp,
    collectorHealth,
    collectorMetrics,
    collectorPrometheusExporter,
    victoriaLogs,
    prometheus,
    alertmanager,
    grafana,
  ] = await findFreePorts(9);
  const ports: StackPorts = {
    otlpGrpc: otlpGrpc!,
    otlpHttp: otlpHttp!,
    collectorHealth: collectorHealth!,
    collectorMetrics: collectorMetrics!,
    collectorPrometheusExporter: collectorPrometheusExporter!,
    victoriaLogs: victoriaLogs!,
    prometheus: prometheus!,
    alertmanager: alertmanager!,
    grafana: grafana!,
  };
  const cluster = options.topology === 'cluster';
  const storageNodes = options.storageNodes ?? DEFAULT_STORAGE_NODES;
  const { state } = await stackUp({
    dataDir,
    ports,
    alerts: options.alerts,
    ...(cluster
      ? { topology: 'cluster', storageNodes, clusterPorts: await freeClusterPorts(storageNodes, ports) }
      : {}),
  });
  let stopped = false;
  return {
    endpoints: state.endpoints,
    ports,
    dataDir,
    state,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stackDown({ dataDir });
      await options.afterDown?.(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
