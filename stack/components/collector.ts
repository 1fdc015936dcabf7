import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type StackEndpoints, victoriaLogsInsertUrl, victoriaLogsStorageUrls } from '../../core/endpoints.js';
import { projectRoot } from '../../core/paths.js';
import { collectorBinaryPath } from '../install/install-collector.js';
import { isExecutable } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { COLLECTOR_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

export function collectorConfigPath(): string {
  return join(projectRoot(), 'stack', 'collector', 'config.yaml');
}

/** The value of AIMON_TOOL_OUTPUT_REDACTION, which picks the logs pipeline's redaction processor. */
export function toolOutputRedaction(keepRaw: boolean): 'secrets' | 'off' {
  return keepRaw ? 'off' : 'secrets';
}

/** The environment that fills the shared collector config (compose.yaml sets the same variables). */
export function collectorEnvironment(ctx: StackContext): NodeJS.ProcessEnv {
  return {
    AIMON_BIND_HOST: ctx.bindHost,
    AIMON_OTLP_GRPC_PORT: String(ctx.ports.otlpGrpc),
    AIMON_OTLP_HTTP_PORT: String(ctx.ports.otlpHttp),
    AIMON_COLLECTOR_HEALTH_PORT: String(ctx.ports.collectorHealth),
    AIMON_COLLECTOR_METRICS_PORT: String(ctx.ports.collectorMetrics),
    AIMON_COLLECTOR_EXPORTER_PORT: String(ctx.ports.collectorPrometheusExporter),
    AIMON_VICTORIALOGS_URL: victoriaLogsInsertUrl(ctx.endpoints),
    ...victoriaLogsFlushWait(ctx.endpoints),
    AIMON_PROMETHEUS_URL: ctx.endpoints.prometheus,
    AIMON_COLLECTOR_STORAGE_DIR: join(ctx.dataDir, 'collector', 'storage'),
    // Which privacy processor the logs pipeline uses (config.yaml: redaction/secrets or redaction/off).
    AIMON_TOOL_OUTPUT_REDACTION: toolOutputRedaction(ctx.keepRawToolOutput ?? false),
    // Below memory_limiter's soft limit (limit_mib − spike_limit_mib = 1152 MiB), so garbage never trips it.
    GOMEMLIMIT: process.env.GOMEMLIMIT ?? '1000MiB',
  };
}

/**
 * What the flushwait extension watches: every VictoriaLogs process a write passes through or rests on (a cluster's
 * insert node also buffers rows for up to ~1 s before it forwards them, so its writes are held longer).
 */
export function victoriaLogsFlushWait(
  endpoints: Pick<StackEndpoints, 'victoriaLogs' | 'victoriaLogsInsert' | 'victoriaLogsStorage'>,
): { AIMON_VICTORIALOGS_FLUSH_WATCH: string; AIMON_VICTORIALOGS_FLUSH_WAIT: string } {
  const watched = [...new Set([victoriaLogsInsertUrl(endpoints), ...victoriaLogsStorageUrls(endpoints)])];
  const cluster = endpoints.victoriaLogsInsert !== undefined;
  return {
    AIMON_VICTORIALOGS_FLUSH_WATCH: watched.join(','),
    AIMON_VICTORIALOGS_FLUSH_WAIT: process.env.AIMON_VICTORIALOGS_FLUSH_WAIT ?? (cluster ? '6s' : '4s'),
  };
}

/**
 * AIMON_COLLECTOR_PPROF_PORT=1777 turns on the pprof extension (built in, off by default) for profiling:
 * `go tool pprof http://127.0.0.1:1777/debug/pprof/profile?seconds=30`. Merged over config.yaml as inline YAML.
 */
export function profilingArgs(bindHost: string): string[] {
  const port = process.env.AIMON_COLLECTOR_PPROF_PORT;
  if (!port) return [];
  return [
    '--config',
    `yaml:extensions::pprof::endpoint: ${bindHost}:${port}`,
    '--config',
    'yaml:service::extensions: [health_check, file_storage, scrapeguard, flushwait, pprof]',
  ];
}

export const collectorComponent: NativeComponent = {
  name: 'collector',
  ports: [
    { key: 'otlpGrpc', role: 'collector OTLP gRPC', flag: '--otlp-grpc-port' },
    { key: 'otlpHttp', role: 'collector OTLP HTTP', flag: '--otlp-http-port' },
    { key: 'collectorHealth', role: 'collector health check', flag: '--collector-health-port' },
    { key: 'collectorMetrics', role: 'collector self-metrics', flag: '--collector-metrics-port' },
    {
      key: 'collectorPrometheusExporter',
      role: 'collector Prometheus exporter',
      flag: '--collector-exporter-port',
    },
  ],
  startupTimeoutMs: 30_000,
  async binaryPath() {
    const path = collectorBinaryPath();
    return (await isExecutable(path)) ? path : undefined;
  },
  async version(binary) {
    const { stdout } = await runCommand(binary, ['--version']);
    return /version (\S+)/.exec(stdout)?.[1] ?? COLLECTOR_VERSION;
  },
  async prepare(ctx) {
    await mkdir(join(ctx.dataDir, 'collector', 'storage'), { recursive: true });
  },
  command(ctx) {
    return {
      env: { ...process.env, ...collectorEnvironment(ctx) },
      args: ['--config', collectorConfigPath(), ...profilingArgs(ctx.bindHost)],
    };
  },
  readiness(ctx) {
    return Ready.forHttp(ctx.endpoints.collectorHealth);
  },
};
