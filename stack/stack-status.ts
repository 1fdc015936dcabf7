import { resolve } from 'node:path';
import { defaultDataDir } from '../core/paths.js';
import { victoriaLogsInsertUrl } from '../core/endpoints.js';
import { isProcessAlive } from './process/background-process.js';
import { contextOfState, stackProcesses } from './native-stack.js';
import { readStackState, type StackState } from './stack-state.js';

export interface ComponentStatus {
  name: string;
  /** What the process does (cluster: storage node, insert node, front collector...). */
  role: string;
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
  /** single, or cluster (VictoriaLogs' cluster roles, collectors behind a front one); null when none runs. */
  topology: 'single' | 'cluster' | null;
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
      topology: null,
      dataDir,
      endpoints: null,
      components: [],
      victoriaLogsRowsIngested: null,
    };
  }
  const components: ComponentStatus[] = [];
  for (const stackProcess of stackProcesses({ ...contextOfState(state), dataDir })) {
    const recorded = state.components.find((c) => c.name === stackProcess.name);
    const running = state.mode === 'docker' ? true : isProcessAlive(recorded?.pid);
    let healthy = false;
    try {
      healthy = await stackProcess.readiness().probe(AbortSignal.timeout(2_000));
    } catch {
      healthy = false;
    }
    const problem = running && healthy ? await stackProcess.problem?.() : undefined;
    components.push({
      name: stackProcess.name,
      role: stackProcess.role,
      pid: recorded?.pid ?? null,
      running,
      healthy: running && healthy && problem === undefined,
      ...(problem === undefined ? {} : { problem }),
      version: recorded?.version ?? null,
      ports: Object.fromEntries(stackProcess.ports.map((p) => [p.key ?? p.role, p.number])),
      logFile: recorded?.logFile ?? null,
    });
  }
  return {
    running: components.some((c) => c.running),
    healthy: components.every((c) => c.healthy),
    mode: state.mode,
    topology: state.cluster ? 'cluster' : 'single',
    dataDir,
    endpoints: state.endpoints,
    components,
    victoriaLogsRowsIngested: await victoriaLogsRowsIngested(victoriaLogsInsertUrl(state.endpoints)),
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
