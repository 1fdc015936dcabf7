import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DEFAULT_PORTS,
  PORT_ENV,
  endpointsFor,
  type StackEndpoints,
  type StackPorts,
} from '../core/endpoints.js';
import { StackError, UserError } from '../core/errors.js';
import { log } from '../core/logger.js';
import { defaultDataDir } from '../core/paths.js';
import { isPortFree } from '../core/ports.js';
import { alertSettingsFromEnv, type AlertSettings } from './alerts/alert-settings.js';
import { alertmanagerComponent } from './components/alertmanager.js';
import { collectorComponent } from './components/collector.js';
import { logFileOf, type NativeComponent, type StackContext } from './components/component.js';
import { prometheusComponent } from './components/prometheus.js';
import { victoriaLogsComponent } from './components/victoria-logs.js';
import { INSTALL_HINT } from './install/binaries.js';
import { isProcessAlive, startBackgroundProcess, stopProcess } from './process/background-process.js';
import { waitUntilReady } from './readiness/wait-until-ready.js';
import { secureDataDir } from './stack-secrets.js';
import {
  clusterEndpoints,
  defaultClusterPorts,
  DEFAULT_STORAGE_NODES,
  type ClusterLayout,
  type ClusterPorts,
  type Topology,
} from './topology/cluster-layout.js';
import { clusterProcesses } from './topology/cluster-processes.js';
import { singleProcess, type StackProcess } from './topology/stack-process.js';
import {
  portsSetInEnvironment,
  readStackState,
  removeStackState,
  writeStackState,
  type ComponentState,
  type StackState,
} from './stack-state.js';

/**
 * Start order: backends first, then the collector that feeds them, Alertmanager, then Prometheus that scrapes the
 * collector and sends alerts to Alertmanager.
 */
export const NATIVE_COMPONENTS: readonly NativeComponent[] = [
  victoriaLogsComponent,
  collectorComponent,
  alertmanagerComponent,
  prometheusComponent,
];

/** The components a cluster runs in several roles; every other one runs once, as in the single topology. */
const CLUSTERED: ReadonlySet<string> = new Set(['victoria-logs', 'collector']);

/** The processes of a stack with this context, in start order (the cluster's when ctx.cluster is set). */
export function stackProcesses(ctx: StackContext): StackProcess[] {
  if (!ctx.cluster) return NATIVE_COMPONENTS.map((component) => singleProcess(component, ctx));
  return clusterProcesses(
    ctx,
    ctx.cluster,
    NATIVE_COMPONENTS.filter((c) => !CLUSTERED.has(c.name)),
  );
}

/** The context a recorded stack was started with (enough to probe, heal and stop it). */
export function contextOfState(state: StackState): StackContext {
  return {
    dataDir: state.dataDir,
    bindHost: state.bindHost,
    ports: state.ports,
    endpoints: state.endpoints,
    retention: '30d',
    ...(state.cluster ? { cluster: state.cluster } : {}),
  };
}

export interface StackUpOptions {
  dataDir?: string;
  ports?: Partial<StackPorts>;
  bindHost?: string;
  retention?: string;
  /** Store tool output and arguments unmasked (the collector's redaction/off instead of redaction/secrets). */
  keepRawToolOutput?: boolean;
  /** `--topology`: absent, the running stack's topology (a new stack: single). */
  topology?: Topology;
  /** `--storage-nodes` of a cluster (default 2). */
  storageNodes?: number;
  /** A cluster's own ports (tests pick free ones); absent: the recorded ones, else defaultClusterPorts. */
  clusterPorts?: ClusterPorts;
  /** Alert settings over AIMON_ALERT_* (thresholds, `for:`, evaluation interval, webhook URL). */
  alerts?: Partial<AlertSettings>;
}

export interface StackUpResult {
  state: StackState;
  alreadyRunning: boolean;
}

/** Port precedence: flags, then AIMON_*_PORT, then the ports this data dir's stack used last, then defaults. */
function contextFor(options: StackUpOptions, previous?: StackState): StackContext {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const bindHost = options.bindHost ?? process.env.AIMON_BIND_HOST ?? previous?.bindHost ?? '127.0.0.1';
  const ports: StackPorts = {
    ...DEFAULT_PORTS,
    ...previous?.ports,
    ...portsSetInEnvironment(),
    ...definedOnly(options.ports ?? {}),
  };
  const clientHost = bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  const cluster = clusterLayoutFor(options, previous);
  const endpoints = endpointsFor(ports, clientHost);
  return {
    dataDir,
    bindHost,
    ports,
    endpoints: cluster ? clusterEndpoints(endpoints, ports, cluster, clientHost) : endpoints,
    retention: options.retention ?? '30d',
    keepRawToolOutput: options.keepRawToolOutput ?? false,
    ...(cluster ? { cluster } : {}),
    alerts: { ...alertSettingsFromEnv(), ...definedOnly(options.alerts ?? {}) },
  };
}

/** The cluster to start: as asked, else as recorded (`stack up` without flags heals what runs), else none. */
function clusterLayoutFor(options: StackUpOptions, previous?: StackState): ClusterLayout | undefined {
  const topology = options.topology ?? (previous?.cluster ? 'cluster' : 'single');
  if (topology === 'single') return undefined;
  const storageNodes = options.storageNodes ?? previous?.cluster?.storageNodes ?? DEFAULT_STORAGE_NODES;
  const recorded = previous?.cluster?.storageNodes === storageNodes ? previous.cluster.ports : undefined;
  return { storageNodes, ports: options.clusterPorts ?? recorded ?? defaultClusterPorts(storageNodes) };
}

/** A running stack of another shape than asked: `up` would have to stop it, which it never does on its own. */
function topologyMismatch(options: StackUpOptions, existing: StackState): string | undefined {
  const running = existing.cluster
    ? `a cluster of ${existing.cluster.storageNodes} storage nodes`
    : 'a single-topology stack';
  if (options.topology === 'single' && existing.cluster) return running;
  if (options.topology === 'cluster' && !existing.cluster) return running;
  if (
    existing.cluster &&
    options.storageNodes !== undefined &&
    options.storageNodes !== existing.cluster.storageNodes
  )
    return running;
  return undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Is every component of a recorded stack still running and healthy? */
export async function isStackHealthy(state: StackState): Promise<boolean> {
  if (!state.components.every((c) => isProcessAlive(c.pid))) return false;
  for (const stackProcess of stackProcesses(contextOfState(state))) {
    try {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 2_000);
      const ok = await stackProcess
        .readiness()
        .probe(controller.signal)
        .finally(() => clearTimeout(timer));
      if (!ok) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The recorded components whose process is still alive. A heal restarts only the others: a running component that
 * is slow or not ready (Prometheus waiting for a scrape, VictoriaLogs read-only for lack of disk) is left alone,
 * since restarting it fixes nothing and would drop what it holds in memory.
 */
function aliveComponents(state: StackState): Map<string, ComponentState> {
  return new Map(state.components.filter((c) => isProcessAlive(c.pid)).map((c) => [c.name, c]));
}

/** Starts the native stack in the background and waits until every component is ready. Idempotent. */
export async function stackUp(options: StackUpOptions = {}): Promise<StackUpResult> {
  const existing = await readStackState(resolve(options.dataDir ?? defaultDataDir()));
  if (existing && existing.mode === 'native' && existing.components.some((c) => isProcessAlive(c.pid))) {
    const mismatch = topologyMismatch(options, existing);
    if (mismatch)
      throw new UserError(
        `${mismatch} is recorded in ${existing.dataDir}; run \`aimon stack down\` first to change the topology`,
      );
  }
  let ctx = contextFor(options, existing);
  /** Components of the previous stack that still run and answer: a heal leaves them alone. */
  let kept = new Map<string, ComponentState>();
  if (existing && existing.mode === 'native') {
    if (await isStackHealthy(existing)) {
      if ((existing.keepRawToolOutput ?? false) !== ctx.keepRawToolOutput)
        log.warn(
          `the running stack ${existing.keepRawToolOutput ? 'keeps raw tool output' : 'masks secrets in tool output'}; ` +
            'run `aimon stack down` first to change that',
        );
      return { state: existing, alreadyRunning: true };
    }
    kept = aliveComponents(existing);
    // A stack recorded before aimon ran Alertmanager: Prometheus restarts too, to load the rules and Alertmanager's
    // address (it loses nothing: counters wait on the collector's page, pushed histograms in its queue).
    const oldPrometheus = kept.get('prometheus');
    if (oldPrometheus && !existing.components.some((c) => c.name === 'alertmanager')) {
      await stopProcess(oldPrometheus.pid);
      kept.delete('prometheus');
    }
    if (kept.size === 0) {
      log.info('no component of the previous stack in this data dir runs: starting afresh');
      await stackDown({ dataDir: ctx.dataDir });
    } else if (stackProcesses(ctx).every((c) => kept.has(c.name))) {
      log.warn(
        'every component runs but one is not ready (see `aimon stack status`); nothing restarted ' +
          '(`aimon stack down` then `up` restarts everything)',
      );
      return { state: existing, alreadyRunning: true };
    } else {
      // Heal: restart only what is down, leave the rest running (same pids, same ports).
      log.info(
        `restarting only what is down: ${stackProcesses(ctx)
          .filter((c) => !kept.has(c.name))
          .map((c) => c.name)
          .join(', ')}`,
      );
      // A state file from before Alertmanager was part of the stack lacks its port: it gets the one resolved above.
      const ports = { ...ctx.ports, ...existing.ports };
      const clientHost = existing.bindHost === '0.0.0.0' ? '127.0.0.1' : existing.bindHost;
      ctx = {
        ...ctx,
        bindHost: existing.bindHost,
        ports,
        endpoints: { ...endpointsFor(ports, clientHost), ...existing.endpoints },
      };
    }
  }

  const processes = stackProcesses(ctx);
  const binaries = new Map<NativeComponent, string>();
  const missing: string[] = [];
  const toStart = processes.filter((p) => !kept.has(p.name));
  for (const component of new Set(toStart.map((p) => p.component))) {
    const binary = await component.binaryPath();
    if (binary) binaries.set(component, binary);
    else missing.push(component.name);
  }
  if (missing.length > 0) {
    throw new StackError(`missing binary: ${missing.join(', ')} (not installed)`, [], INSTALL_HINT);
  }

  for (const stackProcess of toStart) {
    for (const port of stackProcess.ports) {
      if (!(await isPortFree(port.number, ctx.bindHost))) {
        const key = (Object.keys(PORT_ENV) as Array<keyof StackPorts>).find(
          (k) => ctx.ports[k] === port.number,
        );
        throw new StackError(
          `port ${port.number} (${port.role}, for ${stackProcess.name}) is already in use`,
          [],
          port.flag && key
            ? `stop what listens on ${port.number}, or pick another port with ${port.flag} / ${PORT_ENV[key]}`
            : `stop what listens on ${port.number} (a cluster's own ports are fixed: README "Cluster topology")`,
        );
      }
    }
  }

  await secureDataDir(ctx.dataDir);
  await mkdir(join(ctx.dataDir, 'logs'), { recursive: true });
  const started: ComponentState[] = [];
  const launched: ComponentState[] = [];
  const state: StackState = {
    mode: 'native',
    dataDir: ctx.dataDir,
    bindHost: ctx.bindHost,
    ports: ctx.ports,
    endpoints: ctx.endpoints,
    components: started,
    startedAt: kept.size > 0 && existing ? existing.startedAt : new Date().toISOString(),
    keepRawToolOutput: ctx.keepRawToolOutput ?? false,
    ...(ctx.cluster ? { cluster: ctx.cluster } : {}),
  };
  const versions = new Map<string, string>();
  try {
    for (const stackProcess of processes) {
      const running = kept.get(stackProcess.name);
      if (running) {
        started.push(running);
        await writeStackState(state);
        continue;
      }
      const { component } = stackProcess;
      const binary = binaries.get(component)!;
      await stackProcess.prepare();
      const { args, env } = stackProcess.command();
      const logFile = logFileOf(ctx, stackProcess.name);
      const pid = startBackgroundProcess(binary, args, { logFile, env, cwd: ctx.dataDir });
      if (!versions.has(binary)) versions.set(binary, await component.version(binary));
      const componentState: ComponentState = {
        name: stackProcess.name,
        ...(ctx.cluster ? { role: stackProcess.role } : {}),
        pid,
        binary,
        version: versions.get(binary)!,
        logFile,
        startedAt: new Date().toISOString(),
      };
      started.push(componentState);
      launched.push(componentState);
      await writeStackState(state);
      log.info(`${stackProcess.name}: started (pid ${pid}), waiting until ready`);
      await waitUntilReady(stackProcess.name, stackProcess.readiness(), {
        pid,
        logFile,
        timeoutMs: component.startupTimeoutMs,
      });
    }
  } catch (error) {
    await stopComponents(launched);
    if (kept.size > 0) {
      // The components that were running still are: keep them recorded, so `stack down` and `status` find them.
      await writeStackState({ ...state, components: [...kept.values()] });
    } else {
      await removeStackState(ctx.dataDir);
    }
    throw error;
  }
  return { state, alreadyRunning: false };
}

async function stopComponents(components: ComponentState[]): Promise<void> {
  for (const component of [...components].reverse()) await stopProcess(component.pid);
}

/** Stops every component (reverse start order), waits for each to exit, removes the state file. */
export async function stackDown(options: { dataDir?: string } = {}): Promise<ComponentState[]> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const state = await readStackState(dataDir);
  if (!state) return [];
  await stopComponents(state.components);
  await removeStackState(dataDir);
  return state.components;
}

/** Returns the endpoints of a healthy stack, starting the native one when none answers. */
export async function ensureStackUp(options: StackUpOptions = {}): Promise<StackEndpoints> {
  const recorded = await readStackState(resolve(options.dataDir ?? defaultDataDir()));
  const ctx = contextFor(options, recorded);
  const candidate = recorded?.endpoints ?? ctx.endpoints;
  if (await endpointsAnswer(candidate)) return candidate;
  const { state, alreadyRunning } = await stackUp(options);
  if (!alreadyRunning)
    log.info(`stack ready: OTLP gRPC ${state.endpoints.otlpGrpc}, HTTP ${state.endpoints.otlpHttp}`);
  return state.endpoints;
}

/** True when the collector, VictoriaLogs, Prometheus and Alertmanager all answer at these endpoints (whoever started them). */
export async function endpointsAnswer(endpoints: StackEndpoints): Promise<boolean> {
  // A stack recorded before aimon ran Alertmanager lacks it: not answering, so `stack up` adds it.
  if (!endpoints.alertmanager) return false;
  const urls = [
    endpoints.collectorHealth,
    `${endpoints.victoriaLogs}/health`,
    `${endpoints.prometheus}/-/ready`,
    `${endpoints.alertmanager}/-/ready`,
  ];
  const results = await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        return response.status === 200;
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}
