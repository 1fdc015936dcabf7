import { UserError } from '../../core/errors.js';
import type { StackEndpoints, StackPorts } from '../../core/endpoints.js';

/** `aimon stack up --topology`: one process per component, or VictoriaLogs' cluster roles and two collectors. */
export type Topology = 'single' | 'cluster';

export const TOPOLOGIES: readonly Topology[] = ['single', 'cluster'];

/** How many collectors share the OTLP load behind the front collector (stack/collector/front-config.yaml names 2). */
export const BACKEND_COLLECTORS = 2;

export const DEFAULT_STORAGE_NODES = 2;
export const MAX_STORAGE_NODES = 16;

/** The ports of one collector behind the front one. */
export interface BackendCollectorPorts {
  otlpGrpc: number;
  otlpHttp: number;
  health: number;
  metrics: number;
  /** Its prometheus exporter page, scraped by Prometheus (job otel-collector). */
  exporter: number;
}

/**
 * The ports only a cluster uses. The stack's own StackPorts keep their meaning for clients: OTLP, health and
 * self-metrics are the front collector's, `victoriaLogs` is the select node (queries), `prometheus` Prometheus.
 */
export interface ClusterPorts {
  victoriaLogsInsert: number;
  /** One per storage node. */
  victoriaLogsStorage: number[];
  /** One set per backend collector (BACKEND_COLLECTORS). */
  collectors: BackendCollectorPorts[];
}

/** What a cluster is made of, recorded in stack.json so `stack up` heals and `stack down` stops the same one. */
export interface ClusterLayout {
  storageNodes: number;
  ports: ClusterPorts;
}

/** Defaults beside the single topology's: insert 9481, storage 9491+, backend collectors 4327/4328+10·i. */
export function defaultClusterPorts(storageNodes: number): ClusterPorts {
  return {
    victoriaLogsInsert: 9481,
    victoriaLogsStorage: Array.from({ length: storageNodes }, (_, i) => 9491 + i),
    collectors: Array.from({ length: BACKEND_COLLECTORS }, (_, i) => ({
      otlpGrpc: 4327 + 10 * i,
      otlpHttp: 4328 + 10 * i,
      health: 13143 + 10 * i,
      metrics: 8898 + 10 * i,
      exporter: 8899 + 10 * i,
    })),
  };
}

export function parseTopology(raw: string): Topology {
  if (!(TOPOLOGIES as readonly string[]).includes(raw))
    throw new UserError(`--topology "${raw}" is not a topology (expected ${TOPOLOGIES.join(' or ')})`);
  return raw as Topology;
}

export function parseStorageNodes(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_STORAGE_NODES)
    throw new UserError(
      `--storage-nodes "${raw}" must be an integer from 1 to ${MAX_STORAGE_NODES} (default ${DEFAULT_STORAGE_NODES})`,
    );
  return n;
}

/** Every port a cluster binds, for the "port in use" check and status. */
export function clusterPortNumbers(ports: ClusterPorts): number[] {
  return [
    ports.victoriaLogsInsert,
    ...ports.victoriaLogsStorage,
    ...ports.collectors.flatMap((c) => [c.otlpGrpc, c.otlpHttp, c.health, c.metrics, c.exporter]),
  ];
}

/**
 * A cluster's endpoints: clients send OTLP to the front collector (the stack's OTLP ports) and query the select
 * node (`victoriaLogs`); the exporter page named is backend collector 0's (Prometheus scrapes both).
 */
export function clusterEndpoints(
  base: StackEndpoints,
  ports: StackPorts,
  layout: ClusterLayout,
  host: string,
): StackEndpoints {
  const url = (port: number): string => `http://${host}:${port}`;
  return {
    ...base,
    collectorPrometheusExporter: `${url(layout.ports.collectors[0]!.exporter)}/metrics`,
    victoriaLogs: url(ports.victoriaLogs),
    victoriaLogsInsert: url(layout.ports.victoriaLogsInsert),
    victoriaLogsStorage: layout.ports.victoriaLogsStorage.map(url),
    collectorsMetrics: [
      base.collectorMetrics,
      ...layout.ports.collectors.map((c) => `${url(c.metrics)}/metrics`),
    ],
  };
}
