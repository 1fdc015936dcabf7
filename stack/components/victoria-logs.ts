import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isExecutable, victoriaLogsBinaryPath } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { ensureVictoriaLogsKeys, victoriaLogsKeyFile } from '../stack-secrets.js';
import { VICTORIA_LOGS_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

/** How often VictoriaLogs writes in-memory rows to disk: the loss window of a SIGKILL (1s, its minimum). */
export function victoriaLogsFlushInterval(): string {
  return process.env.AIMON_VICTORIALOGS_FLUSH_INTERVAL ?? '1s';
}

export const victoriaLogsComponent: NativeComponent = {
  name: 'victoria-logs',
  ports: [{ key: 'victoriaLogs', role: 'VictoriaLogs HTTP API', flag: '--victorialogs-port' }],
  startupTimeoutMs: 30_000,
  async binaryPath() {
    const path = victoriaLogsBinaryPath();
    return (await isExecutable(path)) ? path : undefined;
  },
  async version(binary) {
    const { stdout } = await runCommand(binary, ['-version']);
    return /v\d+\.\d+\.\d+/.exec(stdout)?.[0]?.slice(1) ?? VICTORIA_LOGS_VERSION;
  },
  async prepare(ctx: StackContext) {
    await mkdir(join(ctx.dataDir, 'victoria-logs'), { recursive: true });
    await ensureVictoriaLogsKeys(ctx.dataDir, ctx.endpoints.victoriaLogs);
  },
  command(ctx) {
    return {
      env: process.env,
      args: victoriaLogsStorageArgs(ctx, ctx.ports.victoriaLogs, join(ctx.dataDir, 'victoria-logs')),
    };
  },
  readiness(ctx) {
    return Ready.forHttp(`${ctx.endpoints.victoriaLogs}/health`);
  },
  async problem(ctx) {
    return victoriaLogsStorageProblem(ctx.endpoints.victoriaLogs);
  },
};

/** The flags of a VictoriaLogs that stores rows: the single one, or a cluster's storage node. */
export function victoriaLogsStorageArgs(ctx: StackContext, port: number, storageDataPath: string): string[] {
  return [
    `-httpListenAddr=${ctx.bindHost}:${port}`,
    `-storageDataPath=${storageDataPath}`,
    `-retentionPeriod=${ctx.retention}`,
    // Simulated runs may stamp records slightly ahead of this clock; keep them rather than drop them.
    '-futureRetention=2d',
    // What a SIGKILL (or OOM kill) can lose: rows VictoriaLogs acknowledged but holds only in memory. The default
    // 5s made that ~9 s of ingestion; 1s (its minimum) makes it ~2 s, its 1 s pending-rows buffer included
    // (README "Durability"). A graceful stop (SIGTERM, `aimon stack down`) flushes everything.
    `-inmemoryDataFlushInterval=${victoriaLogsFlushInterval()}`,
    '-loggerLevel=WARN',
    // Management endpoints need a key (read from 600 files, so no key shows in a process list): without one a
    // single GET to /internal/partition/detach hides a day of rows. /delete stays off (no -delete.enable).
    `-forceFlushAuthKey=file://${victoriaLogsKeyFile(ctx.dataDir, 'flush')}`,
    ...victoriaLogsManagementKeyArgs(ctx.dataDir),
  ];
}

/** Every VictoriaLogs process (storage, insert or select node) keeps its management endpoints behind the key. */
export function victoriaLogsManagementKeyArgs(dataDir: string): string[] {
  return [
    'partitionManageAuthKey',
    'forceMergeAuthKey',
    'logNewStreamsAuthKey',
    'pprofAuthKey',
    'flagsAuthKey',
  ].map((flag) => `-${flag}=file://${victoriaLogsKeyFile(dataDir, 'management')}`);
}

/**
 * VictoriaLogs answers /health even when it cannot store anything: below -storage.minFreeDiskSpaceBytes of free
 * disk (10 MB) it turns read-only (vl_storage_is_read_only 1) and refuses every insert with 429.
 */
export async function victoriaLogsStorageProblem(baseUrl: string): Promise<string | undefined> {
  let text: string;
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/metrics`, {
      signal: AbortSignal.timeout(2_000),
    });
    text = await response.text();
    if (response.status !== 200) return `/metrics answered ${response.status}`;
  } catch (error) {
    return `/metrics: ${error instanceof Error ? error.message : String(error)}`;
  }
  const readOnly = /^vl_storage_is_read_only\{[^}]*\} (\S+)$/m.exec(text)?.[1];
  if (readOnly === undefined || Number(readOnly) === 0) return undefined;
  const free = /^vl_free_disk_space_bytes\{[^}]*\} (\S+)$/m.exec(text)?.[1];
  return `storage is read-only (${free === undefined ? 'disk full' : `${Math.round(Number(free) / 1e6)} MB free`}): inserts are refused until disk space is freed`;
}
