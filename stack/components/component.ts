import type { StackEndpoints, StackPorts } from '../../core/endpoints.js';
import type { AlertSettings } from '../alerts/alert-settings.js';
import type { ReadinessCheck } from '../readiness/readiness-check.js';
import type { ClusterLayout } from '../topology/cluster-layout.js';

export type ComponentName = 'victoria-logs' | 'collector' | 'prometheus' | 'alertmanager';

export interface StackContext {
  dataDir: string;
  bindHost: string;
  ports: StackPorts;
  endpoints: StackEndpoints;
  /** VictoriaLogs and Prometheus retention, e.g. "30d". */
  retention: string;
  /** `--keep-raw-tool-output`: the collector stores tool output and arguments unmasked (default: secrets masked). */
  keepRawToolOutput?: boolean;
  /** `--topology cluster`: VictoriaLogs' storage, insert and select nodes and the collectors behind a front one. */
  cluster?: ClusterLayout;
  /** Alert thresholds, `for:`, evaluation interval and webhook (default: DEFAULT_ALERT_SETTINGS, no webhook). */
  alerts?: AlertSettings;
}

/** One program of the native stack: how to find, configure, start and check it. */
export interface NativeComponent {
  readonly name: ComponentName;
  /** Ports it binds, with what each is for (named in "port in use" errors). */
  readonly ports: ReadonlyArray<{ key: keyof StackPorts; role: string; flag: string }>;
  binaryPath(): Promise<string | undefined>;
  version(binary: string): Promise<string>;
  /** Writes config files into the data dir. */
  prepare(ctx: StackContext): Promise<void>;
  command(ctx: StackContext): { args: string[]; env: NodeJS.ProcessEnv };
  readiness(ctx: StackContext): ReadinessCheck;
  /** Why a ready component still cannot do its job (VictoriaLogs: storage read-only, disk full), if it cannot. */
  problem?(ctx: StackContext): Promise<string | undefined>;
  readonly startupTimeoutMs: number;
}

export function logFileOf(ctx: StackContext, name: string): string {
  return `${ctx.dataDir}/logs/${name}.log`;
}
