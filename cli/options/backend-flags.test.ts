import { describe, expect, it } from 'vitest';
import { backendTargetFromFlags } from './backend-flags.js';

describe('backend target flags', () => {
  it('none without --<x>-url', () => {
    expect(backendTargetFromFlags('victoriaLogs', {})).toBeUndefined();
  });

  it('URL, "Name: value" headers and basic auth from the environment', () => {
    expect(
      backendTargetFromFlags(
        'victoriaLogs',
        { victorialogsUrl: 'https://logs.example:9428/', victorialogsHeader: ['AccountID: 12', 'X-A:b:c'] },
        { AIMON_VICTORIALOGS_BASIC_AUTH: 'ci:pa:ss' },
      ),
    ).toEqual({
      url: 'https://logs.example:9428',
      headers: { AccountID: '12', 'X-A': 'b:c' },
      basicAuth: { username: 'ci', password: 'pa:ss' },
    });
  });

  it('a bearer token flag beats the environment; both auths at once are refused', () => {
    expect(
      backendTargetFromFlags(
        'prometheus',
        { prometheusUrl: 'http://p:9090', prometheusBearerToken: 'flag' },
        { AIMON_PROMETHEUS_BEARER_TOKEN: 'env' },
      )?.bearerToken,
    ).toBe('flag');
    expect(() =>
      backendTargetFromFlags(
        'prometheus',
        { prometheusUrl: 'http://p:9090', prometheusBearerToken: 't' },
        { AIMON_PROMETHEUS_BASIC_AUTH: 'u:p' },
      ),
    ).toThrow('--prometheus-basic-auth and --prometheus-bearer-token: give one (both set Authorization)');
  });
});
