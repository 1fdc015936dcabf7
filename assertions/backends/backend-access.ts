import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher } from 'undici';

/** TLS for an HTTPS backend: a private CA, a client certificate (mutual TLS), or no verification at all. */
export interface BackendTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Accept any server certificate (test setups only). */
  insecureSkipVerify?: boolean;
}

/** How to reach a query backend (VictoriaLogs, Prometheus, a collector's metrics page) that aimon did not start. */
export interface BackendTarget {
  /** Base URL, e.g. https://logs.example.com:9428 or http://127.0.0.1:9090/prometheus. */
  url: string;
  /** Sent with every request (e.g. a tenant header). */
  headers?: Record<string, string>;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  tls?: BackendTls;
}

/** What httpText adds to a request for a URL under a registered base URL. */
export interface BackendAccess {
  headers: Record<string, string>;
  dispatcher?: Dispatcher;
}

const registered = new Map<string, BackendAccess>();

function normalise(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Headers (auth included) and a TLS dispatcher for a target; files are read once, here. */
export function accessFor(target: BackendTarget): BackendAccess {
  const headers: Record<string, string> = { ...target.headers };
  if (target.basicAuth) {
    const token = Buffer.from(`${target.basicAuth.username}:${target.basicAuth.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  if (target.bearerToken) headers.authorization = `Bearer ${target.bearerToken}`;
  const tls = target.tls ?? {};
  const needsAgent = tls.caFile || tls.certFile || tls.keyFile || tls.insecureSkipVerify;
  return {
    headers,
    ...(needsAgent
      ? {
          dispatcher: new Agent({
            connect: {
              ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
              ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
              ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
              ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
            },
          }),
        }
      : {}),
  };
}

/**
 * Registers how to reach every URL under `target.url`, for every client in this process (the suites, the settle
 * waits, the dashboard queries and the lag probes all build URLs from the base URL). Like the VictoriaLogs flush key
 * (core/victoria-logs-auth.ts), credentials never travel in endpoints, ledgers or reports.
 */
export function registerBackend(target: BackendTarget): void {
  registered.set(normalise(target.url), accessFor(target));
}

/** The access registered for the longest base URL that `url` starts with (none: plain request, no headers). */
export function backendAccess(url: string): BackendAccess | undefined {
  let best: [string, BackendAccess] | undefined;
  for (const entry of registered) {
    const [base] = entry;
    const under = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
    if (under && (!best || base.length > best[0].length)) best = entry;
  }
  return best?.[1];
}
