import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../core/endpoints.js';
import { UserError } from '../core/errors.js';
import { parsePort, portsFromEnvironment, portsSetInEnvironment } from './stack-state.js';

describe('ports from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(portsFromEnvironment({})).toEqual(DEFAULT_PORTS);
  });

  it('takes AIMON_*_PORT over the defaults', () => {
    expect(
      portsFromEnvironment({ AIMON_OTLP_GRPC_PORT: '14317', AIMON_PROMETHEUS_PORT: '19090' }),
    ).toMatchObject({
      otlpGrpc: 14317,
      prometheus: 19090,
      otlpHttp: 4318,
    });
    expect(portsSetInEnvironment({ AIMON_VICTORIALOGS_PORT: '1234' })).toEqual({ victoriaLogs: 1234 });
  });

  it.each(['abc', '0', '70000', '12.5'])('rejects %j naming the variable', (raw) => {
    expect(() => portsFromEnvironment({ AIMON_OTLP_GRPC_PORT: raw })).toThrow(UserError);
    expect(() => parsePort(raw, 'AIMON_OTLP_GRPC_PORT')).toThrow(
      `AIMON_OTLP_GRPC_PORT "${raw}" is not a port`,
    );
  });
});
