import { resolve } from 'node:path';
import type { StackEndpoints, StackPorts } from '../core/endpoints.js';
import { defaultDataDir } from '../core/paths.js';
import { findFreePorts } from '../core/ports.js';
import { stackDown, stackUp } from '../stack/native-stack.js';
import { targetsOfStack, type VerifyTargets } from './verify-targets.js';

export interface StartStackOptions {
  /** Where state, logs and data live (default ~/.local/share/aimon/stack, as `aimon stack up`). */
  dataDir?: string;
  /** Ports to use; 'free' picks unused ones (a stack per test file). Default: aimon's (4317, 4318, 9428, 9090...). */
  ports?: Partial<StackPorts> | 'free';
  /** Interface to bind (default 127.0.0.1). */
  bindHost?: string;
  /** Store tool output unmasked (the collector's redaction off). */
  keepRawToolOutput?: boolean;
}

/** A native stack (collector, VictoriaLogs, Prometheus) that answers. */
export interface RunningStack {
  dataDir: string;
  endpoints: StackEndpoints;
  /** The same endpoints as verify takes them. */
  targets: VerifyTargets;
  /** True when a healthy stack already ran in this data dir (stop() then stops it too). */
  alreadyRunning: boolean;
  /** Stops every component and removes the state file; a second call does nothing. */
  stop(): Promise<void>;
}

async function freePorts(): Promise<StackPorts> {
  const [
    otlpGrpc,
    otlpHttp,
    collectorHealth,
    collectorMetrics,
    exporter,
    victoriaLogs,
    prometheus,
    alertmanager,
    grafana,
  ] = await findFreePorts(9);
  return {
    otlpGrpc: otlpGrpc!,
    otlpHttp: otlpHttp!,
    collectorHealth: collectorHealth!,
    collectorMetrics: collectorMetrics!,
    collectorPrometheusExporter: exporter!,
    victoriaLogs: victoriaLogs!,
    prometheus: prometheus!,
    alertmanager: alertmanager!,
    grafana: grafana!,
  };
}

/**
 * Starts the native stack (`aimon stack up`), waiting until every component is ready. The binaries must be installed
 * (`aimon stack install`). Throws StackError, after stopping what it started, when a component does not come up.
 */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const ports = options.ports === 'free' ? await freePorts() : options.ports;
  const { state, alreadyRunning } = await stackUp({
    dataDir,
    ...(ports ? { ports } : {}),
    ...(options.bindHost ? { bindHost: options.bindHost } : {}),
    ...(options.keepRawToolOutput !== undefined ? { keepRawToolOutput: options.keepRawToolOutput } : {}),
  });
  let stopped: Promise<void> | undefined;
  return {
    dataDir,
    endpoints: state.endpoints,
    targets: targetsOfStack(state.endpoints),
    alreadyRunning,
    stop() {
      stopped ??= stopStack({ dataDir });
      return stopped;
    },
  };
}

/** Stops the native stack of a data dir (`aimon stack down`); nothing running is not an error. */
export async function stopStack(options: { dataDir?: string } = {}): Promise<void> {
  await stackDown(options.dataDir ? { dataDir: options.dataDir } : {});
}
