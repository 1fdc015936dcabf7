import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isExecutable, victoriaLogsBinaryPath } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { ensureVictoriaLogsKeys, victoriaLogsKeyFile } from '../stack-secrets.js';
import { VICTORIA_LOGS_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

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
      args: [
        `-httpListenAddr=${ctx.bindHost}:${ctx.ports.victoriaLogs}`,
        `-storageDataPath=${join(ctx.dataDir, 'victoria-logs')}`,
        `-retentionPeriod=${ctx.retention}`,
        // Simulated runs may stamp records slightly ahead of this clock; keep them rather than drop them.
        '-futureRetention=2d',
        '-loggerLevel=WARN',
        // Management endpoints need a key (read from 600 files, so no key shows in a process list): without one a
        // single GET to /internal/partition/detach hides a day of rows. /delete stays off (no -delete.enable).
        `-forceFlushAuthKey=file://${victoriaLogsKeyFile(ctx.dataDir, 'flush')}`,
        ...[
          'partitionManageAuthKey',
          'forceMergeAuthKey',
          'logNewStreamsAuthKey',
          'pprofAuthKey',
          'flagsAuthKey',
        ].map((flag) => `-${flag}=file://${victoriaLogsKeyFile(ctx.dataDir, 'management')}`),
      ],
    };
  },
  readiness(ctx) {
    return Ready.forHttp(`${ctx.endpoints.victoriaLogs}/health`);
  },
};
