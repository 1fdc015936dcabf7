import { resolve } from 'node:path';
import { defaultDataDir } from '../core/paths.js';
import type { StackContext } from './components/component.js';
import { isProcessAlive } from './process/background-process.js';
import { NATIVE_COMPONENTS } from './native-stack.js';
import { readStackState, type StackState } from './stack-state.js';

export interface ComponentStatus {
  name: string;
  pid: number | null;
  running: boolean;
  healthy: boolean;
  version: string | null;
  ports: Record<string, number>;
  logFile: string | null;
  /** Why a running component is unhealthy although it answers (VictoriaLogs read-only: disk full). */
  problem?: string;
}

export interface StackStatus {
  running: boolean;
  healthy: boolean;
  mode: StackState['mode'] | null;
  dataDir: string;
  endpoints: StackState['endpoints'] | null;
  components: ComponentStatus[];
  /** VictoriaLogs' vl_rows_ingested_total (all protocols), null when it does not answer. */
  victoriaLogsRowsIngested: number | null;
}

export async function stackStatus(options: { dataDir?: string } = {}): Promise<StackStatus> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const state = await readStackState(dataDir);
  if (!state) {
    return {
      running: false,
      healthy: false,
      mode: null,
      dataDir,
      endpoints: null,
      components: [],
      victoriaLogsRowsIngested: null,
    };
  }
  const ctx: StackContext = {
    dataDir,
    bindHost: state.bindHost,
    ports: state.ports,
    endpoints: state.endpoints,
    retention: '30d',
  };
  const components: ComponentStatus[] = [];
  for (const component of NATIVE_COMPONENTS) {
    const recorded = state.components.find((c) => c.name === component.name);
    const running = state.mode === 'docker' ? true : isProcessAlive(recorded?.pid);
    let healthy = false;
    try {
      healthy = await component.readiness(ctx).probe(AbortSignal.timeout(2_000));
    } catch {
      healthy = false;
    }
    const problem = running && healthy ? await component.problem?.(ctx) : undefined;
    components.push({
      name: component.name,
      pid: recorded?.pid ?? null,
      running,
      healthy: running && healthy && problem === undefined,
      ...(problem === undefined ? {} : { problem }),
      version: recorded?.version ?? null,
      ports: Object.fromEntries(component.ports.map((p) => [p.key, state.ports[p.key]])),
      logFile: recorded?.logFile ?? null,
    });
  }
  return {
    running: components.some((c) => c.running),
    healthy: components.every((c) => c.healthy),
    mode: state.mode,
    dataDir,
    endpoints: state.endpoints,
    components,
    victoriaLogsRowsIngested: await victoriaLogsRowsIngested(state.endpoints.victoriaLogs),
  };
}

async function victoriaLogsRowsIngested(baseUrl: string): Promise<number | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(2_000) });
    const text = await response.text();
    let total = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('vl_rows_ingested_total')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  } catch {
    return null;
  }
}
