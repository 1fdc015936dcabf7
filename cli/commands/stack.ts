import type { Command } from 'commander';
import Table from 'cli-table3';
import type { StackPorts } from '../../core/endpoints.js';
import { StackError, UserError } from '../../core/errors.js';
import { log } from '../../core/logger.js';
import { composeDown, composeLogs, composeUp } from '../../stack/docker/compose-stack.js';
import { dockerEngineAnswers } from '../../stack/docker/docker-engine.js';
import { parseWebhookUrl } from '../../stack/alerts/alert-settings.js';
import { checkedInAlertRulesPath, writeAlertRules } from '../../stack/alerts/write-alert-rules.js';
import { installStack } from '../../stack/install/install-stack.js';
import { stackDown, stackUp } from '../../stack/native-stack.js';
import { tailFile } from '../../stack/process/background-process.js';
import { parsePort, readStackState } from '../../stack/stack-state.js';
import { stackStatus } from '../../stack/stack-status.js';
import { whereToLook } from '../../stack/where-to-look.js';
import {
  DEFAULT_STORAGE_NODES,
  parseStorageNodes,
  parseTopology,
} from '../../stack/topology/cluster-layout.js';
import { defaultDataDir } from '../../core/paths.js';

const PORT_FLAGS: Array<[flag: string, key: keyof StackPorts, what: string]> = [
  ['--otlp-grpc-port <port>', 'otlpGrpc', 'collector OTLP gRPC port (AIMON_OTLP_GRPC_PORT, default 4317)'],
  ['--otlp-http-port <port>', 'otlpHttp', 'collector OTLP HTTP port (AIMON_OTLP_HTTP_PORT, default 4318)'],
  ['--collector-health-port <port>', 'collectorHealth', 'collector health check port (default 13133)'],
  ['--collector-metrics-port <port>', 'collectorMetrics', "collector's own metrics port (default 8888)"],
  [
    '--collector-exporter-port <port>',
    'collectorPrometheusExporter',
    'collector Prometheus exporter port (default 8889)',
  ],
  ['--victorialogs-port <port>', 'victoriaLogs', 'VictoriaLogs port (AIMON_VICTORIALOGS_PORT, default 9428)'],
  ['--prometheus-port <port>', 'prometheus', 'Prometheus port (AIMON_PROMETHEUS_PORT, default 9090)'],
  ['--alertmanager-port <port>', 'alertmanager', 'Alertmanager port (AIMON_ALERTMANAGER_PORT, default 9093)'],
];

function camel(flag: string): string {
  return flag
    .replace(/^--/, '')
    .replace(/ <.*$/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function portsFromFlags(options: Record<string, unknown>): Partial<StackPorts> {
  const ports: Partial<StackPorts> = {};
  for (const [flag, key] of PORT_FLAGS) {
    const raw = options[camel(flag)];
    if (typeof raw === 'string') ports[key] = parsePort(raw, flag.replace(/ <.*$/, ''));
  }
  return ports;
}

function printEndpoints(endpoints: { [k: string]: string | string[] | undefined }): void {
  const table = new Table({ head: ['endpoint', 'address'], style: { head: [], border: [] } });
  for (const [name, address] of Object.entries(endpoints))
    if (address) table.push([name, Array.isArray(address) ? address.join(', ') : address]);
  process.stdout.write(`${table.toString()}\n`);
}

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('install, start, stop and inspect the monitoring stack');

  stack
    .command('install')
    .description(
      'build or install the collector, VictoriaLogs, Prometheus and Alertmanager into the cache (~/.cache/aimon)',
    )
    .option('--force', 'rebuild even when cached binaries exist')
    .action(async (options: { force?: boolean }) => {
      await installStack({ force: options.force ?? false });
    });

  const up = stack
    .command('up')
    .description('start the stack in the background and wait until every component is ready (idempotent)')
    .option(
      '--data-dir <dir>',
      `where state, logs and data live (AIMON_DATA_DIR, default ${defaultDataDir()})`,
    )
    .option('--docker', 'run with docker compose and the official images')
    .option('--native', 'run the native processes even when a Docker engine answers')
    .option('--bind-host <host>', 'address services listen on (AIMON_BIND_HOST, default 127.0.0.1)')
    .option('--retention <period>', 'VictoriaLogs and Prometheus retention', '30d')
    .option(
      '--keep-raw-tool-output',
      'store tool output and arguments as sent (default: the collector masks secret-looking values)',
    )
    .option(
      '--topology <topology>',
      'single (one process per component) or cluster (VictoriaLogs storage/insert/select nodes, two collectors ' +
        "behind a front one); default: the running stack's, else single",
    )
    .option(
      '--storage-nodes <n>',
      `VictoriaLogs storage nodes of a cluster (default ${DEFAULT_STORAGE_NODES})`,
    )
    .option(
      '--alert-webhook-url <url>',
      "where Alertmanager posts alert notifications (AIMON_ALERT_WEBHOOK_URL; default: nowhere, alerts stay in Alertmanager's API)",
    );
  for (const [flag, , what] of PORT_FLAGS) up.option(flag, what);
  up.action(async (options: Record<string, unknown>) => {
    if (options.docker && options.native) throw new UserError('--docker and --native exclude each other');
    const topology = typeof options.topology === 'string' ? parseTopology(options.topology) : undefined;
    const storageNodes =
      typeof options.storageNodes === 'string' ? parseStorageNodes(options.storageNodes) : undefined;
    if (storageNodes !== undefined && topology === 'single')
      throw new UserError('--storage-nodes needs --topology cluster');
    if (options.docker && topology === 'cluster')
      throw new UserError('--topology cluster runs native processes only (drop --docker)');
    const webhookUrl =
      typeof options.alertWebhookUrl === 'string'
        ? parseWebhookUrl(options.alertWebhookUrl, '--alert-webhook-url')
        : undefined;
    const ports = portsFromFlags(options);
    const dataDir = options.dataDir as string | undefined;
    const useDocker =
      options.docker === true ||
      (options.native !== true && topology !== 'cluster' && (await dockerEngineAnswers(3_000)));
    if (useDocker) {
      const state = await composeUp({
        dataDir,
        ports,
        keepRawToolOutput: options.keepRawToolOutput === true,
      });
      log.info('stack is up (docker compose)');
      printEndpoints({ ...state.endpoints });
      process.stdout.write(`${whereToLook(state.endpoints, 'docker').join('\n')}\n`);
      return;
    }
    const { state, alreadyRunning } = await stackUp({
      dataDir,
      ports,
      bindHost: options.bindHost as string | undefined,
      retention: options.retention as string,
      keepRawToolOutput: options.keepRawToolOutput === true,
      topology,
      storageNodes,
      alerts: { webhookUrl },
    });
    log.info(
      alreadyRunning
        ? `stack already running (data dir ${state.dataDir})`
        : `stack is up (native, data dir ${state.dataDir})`,
    );
    printEndpoints({ ...state.endpoints, grafana: undefined });
    process.stdout.write(`${whereToLook(state.endpoints, 'native').join('\n')}\n`);
  });

  stack
    .command('alert-rules')
    .description(
      'render the alerting rules with AIMON_ALERT_* into the file compose mounts (native mode does it at every start)',
    )
    .option('--output <file>', `where to write them (default ${checkedInAlertRulesPath()})`)
    .action(async (options: { output?: string }) => {
      log.info(`alert rules written to ${await writeAlertRules(options.output)}`);
    });

  stack
    .command('down')
    .description('stop every component gracefully and wait until none is left running')
    .option('--data-dir <dir>', 'data dir of the stack to stop')
    .action(async (options: { dataDir?: string }) => {
      const state = await readStackState(options.dataDir ?? defaultDataDir());
      if (state?.mode === 'docker') {
        await composeDown(options);
        log.info('stack stopped (docker compose down)');
        return;
      }
      const stopped = await stackDown(options);
      log.info(
        stopped.length === 0
          ? 'no stack is running in this data dir'
          : `stopped ${stopped.map((c) => `${c.name} (pid ${c.pid})`).join(', ')}`,
      );
    });

  stack
    .command('status')
    .description("each component's pid, version, ports, health and data dir; VictoriaLogs rows ingested")
    .option('--data-dir <dir>', 'data dir of the stack')
    .option('--json', 'print JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const status = await stackStatus(options);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      } else if (!status.running) {
        process.stdout.write(`no stack is running (data dir ${status.dataDir})\n`);
      } else {
        const table = new Table({
          head: ['component', 'role', 'pid', 'version', 'ports', 'health'],
          style: { head: [], border: [] },
        });
        for (const c of status.components) {
          table.push([
            c.name,
            c.role,
            c.pid ?? '-',
            c.version ?? '-',
            Object.values(c.ports).join(', '),
            c.healthy
              ? 'healthy'
              : c.running
                ? `unhealthy${c.problem ? `: ${c.problem}` : ''}`
                : 'not running',
          ]);
        }
        process.stdout.write(
          `${table.toString()}\ndata dir: ${status.dataDir} (${status.mode}, ${status.topology} topology)\nVictoriaLogs rows ingested: ${status.victoriaLogsRowsIngested ?? 'unknown'}\n`,
        );
      }
      if (!status.healthy) process.exitCode = status.running ? 1 : 3;
    });

  stack
    .command('logs [component]')
    .description(
      'show the last lines of a component log (collector, victoria-logs, prometheus, alertmanager; all when omitted)',
    )
    .option('--data-dir <dir>', 'data dir of the stack')
    .option('-n, --lines <n>', 'how many lines', '50')
    .action(async (component: string | undefined, options: { dataDir?: string; lines: string }) => {
      const state = await readStackState(options.dataDir ?? defaultDataDir());
      if (!state)
        throw new StackError('no stack is running in this data dir', [], 'start one with: aimon stack up');
      if (state.mode === 'docker') {
        process.stdout.write(await composeLogs(component));
        return;
      }
      const names = state.components.map((c) => c.name);
      if (component && !names.includes(component as never)) {
        throw new UserError(`unknown component "${component}" (expected one of ${names.join(', ')})`);
      }
      const lines = Number(options.lines);
      if (!Number.isInteger(lines) || lines <= 0)
        throw new UserError(`--lines "${options.lines}" must be a positive integer`);
      for (const c of state.components) {
        if (component && c.name !== component) continue;
        process.stdout.write(
          `==> ${c.name} (${c.logFile}) <==\n${(await tailFile(c.logFile, lines)).join('\n')}\n`,
        );
      }
    });
}
