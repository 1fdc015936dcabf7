import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackEndpoints, StackPorts } from '../../core/endpoints.js';
import { findFreePorts } from '../../core/ports.js';
import { stackDown, stackUp } from '../../stack/native-stack.js';
import type { StackState } from '../../stack/stack-state.js';

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
    grafana,
  ] = await findFreePorts(8);
  const ports: StackPorts = {
    otlpGrpc: otlpGrpc!,
    otlpHttp: otlpHttp!,
    collectorHealth: collectorHealth!,
    collectorMetrics: collectorMetrics!,
    collectorPrometheusExporter: collectorPrometheusExporter!,
    victoriaLogs: victoriaLogs!,
    prometheus: prometheus!,
    grafana: grafana!,
  };
  const { state } = await stackUp({ dataDir, ports });
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
