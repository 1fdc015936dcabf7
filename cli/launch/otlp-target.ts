/** Where a launched client sends its OTLP, derived from the stack endpoints (or an explicit --endpoint). */
import { UserError } from '../../core/errors.js';
import type { StackEndpoints } from '../../core/endpoints.js';

export type LaunchProtocol = 'grpc' | 'http';

export interface OtlpTarget {
  readonly protocol: LaunchProtocol;
  /** grpc: http://host:port; http: base URL without the /v1/<signal> path. */
  readonly endpoint: string;
}

export function parseProtocol(value: string): LaunchProtocol {
  if (value === 'grpc' || value === 'http') return value;
  if (value === 'http/protobuf') return 'http';
  throw new UserError(`--protocol must be grpc or http (got "${value}")`);
}

export function otlpTarget(
  endpoints: StackEndpoints,
  protocol: LaunchProtocol,
  explicitEndpoint?: string,
): OtlpTarget {
  if (explicitEndpoint !== undefined) return { protocol, endpoint: normaliseEndpoint(explicitEndpoint) };
  const raw = protocol === 'grpc' ? endpoints.otlpGrpc : endpoints.otlpHttp;
  return { protocol, endpoint: normaliseEndpoint(raw) };
}

/** Accepts host:port or a URL; returns an http(s) URL without a trailing slash. */
export function normaliseEndpoint(raw: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`--endpoint is not a URL or host:port (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`--endpoint must use http or https (got "${raw}")`);
  }
  return url.toString().replace(/\/+$/, '');
}
