import { describe, expect, it } from 'vitest';
import { endpointsFor, DEFAULT_PORTS } from '../../core/endpoints.js';
import { UserError } from '../../core/errors.js';
import {
  clusterEndpoints,
  clusterPortNumbers,
  defaultClusterPorts,
  parseStorageNodes,
  parseTopology,
} from './cluster-layout.js';

describe('cluster layout', () => {
  it('parses --topology and --storage-nodes, naming the flag when wrong', () => {
    expect(parseTopology('cluster')).toBe('cluster');
    expect(parseTopology('single')).toBe('single');
    expect(() => parseTopology('mesh')).toThrow(UserError);
    expect(() => parseTopology('mesh')).toThrow(
      '--topology "mesh" is not a topology (expected single or cluster)',
    );
    expect(parseStorageNodes('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '17'])
      expect(() => parseStorageNodes(bad)).toThrow(
        `--storage-nodes "${bad}" must be an integer from 1 to 16`,
      );
  });

  it('default ports: one per storage node, none shared with the single topology', () => {
    const ports = defaultClusterPorts(3);
    expect(ports.victoriaLogsStorage).toEqual([9491, 9492, 9493]);
    const all = [...clusterPortNumbers(ports), ...Object.values(DEFAULT_PORTS)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('endpoints: queries to the select node, inserts to the insert node, every collector listed', () => {
    const layout = { storageNodes: 2, ports: defaultClusterPorts(2) };
    const base = endpointsFor(DEFAULT_PORTS);
    const e = clusterEndpoints(base, DEFAULT_PORTS, layout, '127.0.0.1');
    expect(e.victoriaLogs).toBe('http://127.0.0.1:9428');
    expect(e.victoriaLogsInsert).toBe('http://127.0.0.1:9481');
    expect(e.victoriaLogsStorage).toEqual(['http://127.0.0.1:9491', 'http://127.0.0.1:9492']);
    expect(e.otlpGrpc).toBe(base.otlpGrpc);
    expect(e.collectorsMetrics).toEqual([
      base.collectorMetrics,
      'http://127.0.0.1:8898/metrics',
      'http://127.0.0.1:8908/metrics',
    ]);
    expect(e.collectorPrometheusExporter).toBe('http://127.0.0.1:8899/metrics');
  });
});
