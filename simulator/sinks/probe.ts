import { connect } from 'node:net';

/** How long the start-of-run probe waits for a TCP connection before calling the endpoint unreachable. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Opens (and closes) one TCP connection to host:port: undefined when something accepted it, else why not
 * (`connect ECONNREFUSED 127.0.0.1:4317`, `getaddrinfo ENOTFOUND colector`, `no answer within 3 s`).
 */
export function probeTcp(
  host: string,
  port: number,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    const timer = setTimeout(() => done(`no answer within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.message || error.code || String(error)),
    );
  });
}

/** host and port of "host:port", "[::1]:4317" or "dns:///host:port"; undefined when there is no port. */
export function splitHostPort(target: string): { host: string; port: number } | undefined {
  const t = target.replace(/^[a-z][a-z0-9+.-]*:\/\/+/i, '').replace(/\/.*$/, '');
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(t);
  const plain = /^([^:]+):(\d+)$/.exec(t);
  const match = bracketed ?? plain;
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1]!, port } : undefined;
}
