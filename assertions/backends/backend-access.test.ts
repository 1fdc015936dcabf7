import { describe, expect, it } from 'vitest';
import { accessFor, backendAccess, registerBackend } from './backend-access.js';

describe('backend access', () => {
  it('turns auth into an Authorization header', () => {
    expect(accessFor({ url: 'http://a', basicAuth: { username: 'u', password: 'p:w' } }).headers).toEqual({
      authorization: `Basic ${Buffer.from('u:p:w').toString('base64')}`,
    });
    expect(accessFor({ url: 'http://a', bearerToken: 't', headers: { X: '1' } }).headers).toEqual({
      X: '1',
      authorization: 'Bearer t',
    });
  });

  it('applies to URLs under the registered base only, the longest base winning', () => {
    registerBackend({ url: 'http://h:1/prom/', headers: { who: 'prom' } });
    registerBackend({ url: 'http://h:1', headers: { who: 'root' } });
    expect(backendAccess('http://h:1/prom/api/v1/query')?.headers).toEqual({ who: 'prom' });
    expect(backendAccess('http://h:1/promx')?.headers).toEqual({ who: 'root' });
    expect(backendAccess('http://h:12/metrics')).toBeUndefined();
  });
});
