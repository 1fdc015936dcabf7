import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAlertmanagerConfig } from '../alerts/alertmanager-config.js';
import { DEFAULT_ALERT_SETTINGS } from '../alerts/alert-settings.js';
import { alertmanagerBinaryPath, isExecutable } from '../install/binaries.js';
import { runCommand } from '../process/run-command.js';
import { Ready } from '../readiness/ready.js';
import { ALERTMANAGER_VERSION } from '../versions.js';
import type { NativeComponent, StackContext } from './component.js';

export function alertmanagerConfigFile(ctx: Pick<StackContext, 'dataDir'>): string {
  return join(ctx.dataDir, 'alertmanager', 'alertmanager.yml');
}

/** Receives Prometheus' alerts and posts them to the user's webhook (stack/alerts/alertmanager-config.ts). */
export const alertmanagerComponent: NativeComponent = {
  name: 'alertmanager',
  ports: [{ key: 'alertmanager', role: 'Alertmanager HTTP API', flag: '--alertmanager-port' }],
  startupTimeoutMs: 30_000,
  async binaryPath() {
    const path = alertmanagerBinaryPath();
    return (await isExecutable(path)) ? path : undefined;
  },
  async version(binary) {
    const { stdout, stderr } = await runCommand(binary, ['--version']);
    return /version (\S+)/.exec(stdout + stderr)?.[1] ?? ALERTMANAGER_VERSION;
  },
  async prepare(ctx) {
    await mkdir(join(ctx.dataDir, 'alertmanager', 'data'), { recursive: true });
    // 600: a webhook URL often carries its own secret (Slack, Discord, relay tokens).
    await writeFile(
      alertmanagerConfigFile(ctx),
      renderAlertmanagerConfig(ctx.alerts ?? DEFAULT_ALERT_SETTINGS),
      {
        mode: 0o600,
      },
    );
  },
  command(ctx) {
    const dir = join(ctx.dataDir, 'alertmanager');
    return {
      env: process.env,
      args: [
        `--config.file=${alertmanagerConfigFile(ctx)}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=${ctx.bindHost}:${ctx.ports.alertmanager}`,
        // One instance, no HA: an empty address turns the gossip cluster off (it would listen on 0.0.0.0:9094).
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
    };
  },
  readiness(ctx) {
    return Ready.forHttp(
      `${ctx.endpoints.alertmanager ?? `http://127.0.0.1:${ctx.ports.alertmanager}`}/-/ready`,
    );
  },
};
