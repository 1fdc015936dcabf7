import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, endpointsFor } from '../../core/endpoints.js';
import type { StackContext } from '../components/component.js';
import { prometheusTargets } from '../components/prometheus.js';
import { stackProcesses } from '../native-stack.js';
import { clusterEndpoints, defaultClusterPorts } from './cluster-layout.js';

function clusterContext(storageNodes: number): StackContext {
  const cluster = { storageNodes, ports: defaultClusterPorts(storageNodes) };
  return {
    dataDir: '/data',
    bindHost: '127.0.0.1',
    ports: DEFAULT_PORTS,
    endpoints: clusterEndpoints(endpointsFor(DEFAULT_PORTS), DEFAULT_PORTS, cluster, '127.0.0.1'),
    retention: '30d',
    cluster,
  };
}

describe('cluster processes', () => {
  it('the single topology is one process per component, as before', () => {
    const ctx = { ...clusterContext(2), cluster: undefined, endpoints: endpointsFor(DEFAULT_PORTS) };
    expect(stackProcesses(ctx).map((p) => p.name)).toEqual([
      'victoria-logs',
      'collector',
      'alertmanager',
      'prometheus',
    ]);
  });

  it('N storage nodes with their own data dirs, insert and select nodes routed to all of them', () => {
    const processes = stackProcesses(clusterContext(3));
    expect(processes.map((p) => p.name).slice(0, 8)).toEqual([
      'vlstorage-0',
      'vlstorage-1',
      'vlstorage-2',
      'vlinsert',
      'vlselect',
      'collector-0',
      'collector-1',
      'collector-front',
    ]);
    const args = (name: string): string[] => processes.find((p) => p.name === name)!.command().args;
    expect(args('vlstorage-2')).toContain('-storageDataPath=/data/victoria-logs/storage-2');
    expect(args('vlstorage-2')).toContain('-httpListenAddr=127.0.0.1:9493');
    const nodes = '-storageNode=127.0.0.1:9491,127.0.0.1:9492,127.0.0.1:9493';
    expect(args('vlinsert')).toEqual(
      expect.arrayContaining([nodes, '-select.disable', '-httpListenAddr=127.0.0.1:9481']),
    );
    expect(args('vlselect')).toEqual(
      expect.arrayContaining([nodes, '-insert.disable', '-httpListenAddr=127.0.0.1:9428']),
    );
    for (const name of ['vlinsert', 'vlselect'])
      expect(args(name).some((a) => a.startsWith('-flagsAuthKey=file://'))).toBe(true);
  });

  it('backend collectors write to the insert node, each with its own queue and journal dir', () => {
    const processes = stackProcesses(clusterContext(2));
    const env = (name: string): NodeJS.ProcessEnv => processes.find((p) => p.name === name)!.command().env;
    expect(env('collector-0').AIMON_VICTORIALOGS_URL).toBe('http://127.0.0.1:9481');
    expect(env('collector-1').AIMON_COLLECTOR_STORAGE_DIR).toBe('/data/collector/1/storage');
    expect(env('collector-0').AIMON_COLLECTOR_STORAGE_DIR).toBe('/data/collector/0/storage');
    expect(env('collector-front').AIMON_COLLECTOR_STORAGE_DIR).toBe('/data/collector/front/storage');
    expect(env('collector-front').AIMON_OTLP_GRPC_PORT).toBe('4317');
    expect(env('collector-front').AIMON_BACKEND_COLLECTOR_1_URL).toBe('http://127.0.0.1:4338');
  });

  it('backend collectors hold each write until neither the insert node nor a storage node can have lost it', () => {
    const processes = stackProcesses(clusterContext(2));
    const env = (name: string): NodeJS.ProcessEnv => processes.find((p) => p.name === name)!.command().env;
    expect(env('collector-0').AIMON_VICTORIALOGS_FLUSH_WATCH).toBe(
      'http://127.0.0.1:9481,http://127.0.0.1:9491,http://127.0.0.1:9492',
    );
    expect(env('collector-1').AIMON_VICTORIALOGS_FLUSH_WAIT).toBe('6s');
  });

  it('Prometheus scrapes every collector and VictoriaLogs process, the metrics exporter of collector-0, the event counts of collector-1', () => {
    const targets = prometheusTargets(clusterContext(2));
    expect(targets['collector-exporter']).toEqual(['127.0.0.1:8899']);
    expect(targets['collector-counts']).toEqual(['127.0.0.1:8909']);
    expect(targets['collector-self']).toEqual(['127.0.0.1:8888', '127.0.0.1:8898', '127.0.0.1:8908']);
    expect(targets.victorialogs).toEqual([
      '127.0.0.1:9428',
      '127.0.0.1:9481',
      '127.0.0.1:9491',
      '127.0.0.1:9492',
    ]);
  });
});
