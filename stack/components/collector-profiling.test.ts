import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectorConfigPath, profilingArgs } from './collector.js';

describe('profilingArgs', () => {
  const saved = process.env.AIMON_COLLECTOR_PPROF_PORT;
  afterEach(() => {
    if (saved === undefined) delete process.env.AIMON_COLLECTOR_PPROF_PORT;
    else process.env.AIMON_COLLECTOR_PPROF_PORT = saved;
  });

  it('adds nothing unless AIMON_COLLECTOR_PPROF_PORT is set (pprof stays off)', () => {
    delete process.env.AIMON_COLLECTOR_PPROF_PORT;
    expect(profilingArgs('127.0.0.1')).toEqual([]);
  });

  it('turns pprof on at the bind host and keeps every extension config.yaml runs', () => {
    process.env.AIMON_COLLECTOR_PPROF_PORT = '1777';
    const args = profilingArgs('127.0.0.1');
    expect(args).toContain('yaml:extensions::pprof::endpoint: 127.0.0.1:1777');
    const config = parse(readFileSync(collectorConfigPath(), 'utf8')) as {
      service: { extensions: string[] };
    };
    const extensions = [...config.service.extensions, 'pprof'].join(', ');
    expect(args).toContain(`yaml:service::extensions: [${extensions}]`);
  });
});
