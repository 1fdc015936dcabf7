import type { NativeComponent, StackContext } from '../components/component.js';
import type { ReadinessCheck } from '../readiness/readiness-check.js';

/**
 * One process of a running stack, as `stack up` starts it, `status` shows it and `down` stops it. The single
 * topology has one per component; a cluster runs the same binaries several times in different roles
 * (VictoriaLogs as storage, insert and select nodes; the collector as front and backends).
 */
export interface StackProcess {
  /** Unique in the stack: recorded in stack.json, names the log file (victoria-logs, vlstorage-1, collector-0). */
  readonly name: string;
  /** What it does, as `stack status` shows it. */
  readonly role: string;
  /** The program it runs: binary, version, start-up timeout. */
  readonly component: NativeComponent;
  /** Ports it binds, with what each is for (named in "port in use" errors). */
  readonly ports: ReadonlyArray<{ number: number; role: string; flag: string; key?: string }>;
  prepare(): Promise<void>;
  command(): { args: string[]; env: NodeJS.ProcessEnv };
  readiness(): ReadinessCheck;
  /** Why a ready process still cannot do its job (a storage node read-only for lack of disk), if it cannot. */
  problem?(): Promise<string | undefined>;
}

const SINGLE_ROLES: Record<string, string> = {
  'victoria-logs': 'logs store (insert, query, storage)',
  collector: 'OTLP collector',
  prometheus: 'metrics store',
};

/** A component run once, in the single topology's way (and Prometheus, one server in both topologies). */
export function singleProcess(component: NativeComponent, ctx: StackContext): StackProcess {
  return {
    name: component.name,
    role: SINGLE_ROLES[component.name] ?? component.name,
    component,
    ports: component.ports.map((p) => ({ number: ctx.ports[p.key], role: p.role, flag: p.flag, key: p.key })),
    prepare: () => component.prepare(ctx),
    command: () => component.command(ctx),
    readiness: () => component.readiness(ctx),
    ...(component.problem ? { problem: () => component.problem!(ctx) } : {}),
  };
}
