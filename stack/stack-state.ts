import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_PORTS,
  PORT_ENV,
  endpointsFor,
  type StackEndpoints,
  type StackPorts,
} from '../core/endpoints.js';
import { UserError } from '../core/errors.js';
import { defaultDataDir } from '../core/paths.js';
import { loadVictoriaLogsFlushKey } from './stack-secrets.js';
import type { ClusterLayout } from './topology/cluster-layout.js';

export interface ComponentState {
  /** The process's name: a component's (victoria-logs, collector...) or, in a cluster, its role's (vlstorage-0). */
  name: string;
  /** Cluster topology: what this process does (the single topology's names say it). */
  role?: string;
  pid: number;
  binary: string;
  version: string;
  logFile: string;
  startedAt: string;
}

/** `<dataDir>/stack.json`: what `aimon stack up` started, read by every other command to find the stack. */
export interface StackState {
  mode: 'native' | 'docker';
  dataDir: string;
  bindHost: string;
  ports: StackPorts;
  endpoints: StackEndpoints;
  components: ComponentState[];
  startedAt: string;
  /** Started with --keep-raw-tool-output (the collector masks no secrets). Absent: masked. */
  keepRawToolOutput?: boolean;
  /** Started with `--topology cluster`: its storage nodes and own ports. Absent: the single topology. */
  cluster?: ClusterLayout;
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

export async function readStackState(dataDir: string = defaultDataDir()): Promise<StackState | undefined> {
  let state: StackState;
  try {
    state = JSON.parse(await readFile(stateFilePath(dataDir), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
  // Whoever finds the stack here can flush its VictoriaLogs (the key stays in memory, never in the state).
  if (state?.mode === 'native' && state.endpoints?.victoriaLogs)
    for (const url of [state.endpoints.victoriaLogs, ...(state.endpoints.victoriaLogsStorage ?? [])])
      await loadVictoriaLogsFlushKey(dataDir, url);
  return state;
}

export async function writeStackState(state: StackState): Promise<void> {
  await writeFile(stateFilePath(state.dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeStackState(dataDir: string): Promise<void> {
  await rm(stateFilePath(dataDir), { force: true });
}

/** Ports from the environment (AIMON_*_PORT) over the defaults; a bad value is a UserError. */
export function portsFromEnvironment(env: NodeJS.ProcessEnv = process.env): StackPorts {
  return { ...DEFAULT_PORTS, ...portsSetInEnvironment(env) };
}

/** Only the ports the environment sets (AIMON_*_PORT). */
export function portsSetInEnvironment(env: NodeJS.ProcessEnv = process.env): Partial<StackPorts> {
  const ports: Partial<StackPorts> = {};
  for (const key of Object.keys(PORT_ENV) as Array<keyof StackPorts>) {
    const raw = env[PORT_ENV[key]];
    if (raw === undefined || raw === '') continue;
    ports[key] = parsePort(raw, PORT_ENV[key]);
  }
  return ports;
}

export function parsePort(raw: string, what: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`${what} "${raw}" is not a port (expected an integer from 1 to 65535)`);
  }
  return port;
}

/**
 * The endpoints of the stack other commands should talk to: the running stack's state file if there is one
 * (default data dir unless given), else the ports from the environment / defaults on 127.0.0.1.
 */
export async function readStackEndpoints(dataDir?: string): Promise<StackEndpoints> {
  const state = await readStackState(dataDir ?? defaultDataDir());
  if (state) return state.endpoints;
  return endpointsFor(portsFromEnvironment());
}
