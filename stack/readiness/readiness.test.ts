import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StackError } from '../../core/errors.js';
import { Ready } from './ready.js';
import { waitUntilReady } from './wait-until-ready.js';

let server: Server | undefined;

async function serve(handler: (path: string) => [number, string]): Promise<string> {
  server = createServer((req, res) => {
    const [status, body] = handler(req.url ?? '/');
    res.writeHead(status).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(() => {
  server?.close();
  server = undefined;
});

describe('readiness checks', () => {
  it('HTTP: ready on 200 only', async () => {
    let status = 503;
    const base = await serve(() => [status, 'ok']);
    const check = Ready.forHttp(`${base}/health`);
    expect(await check.probe(AbortSignal.timeout(1000))).toBe(false);
    status = 200;
    expect(await check.probe(AbortSignal.timeout(1000))).toBe(true);
  });

  it('Prometheus target: ready only when the job was scraped and is up', async () => {
    let health = 'unknown';
    const base = await serve(() => [
      200,
      JSON.stringify({ data: { activeTargets: [{ scrapePool: 'job-a', health }] } }),
    ]);
    expect(await Ready.forPrometheusTarget(base, 'job-a').probe(AbortSignal.timeout(1000))).toBe(false);
    expect(await Ready.forPrometheusTarget(base, 'job-b').probe(AbortSignal.timeout(1000))).toBe(false);
    health = 'up';
    expect(await Ready.forPrometheusTarget(base, 'job-a').probe(AbortSignal.timeout(1000))).toBe(true);
  });

  it('composite: every check must pass', async () => {
    const base = await serve((path) => [path === '/a' ? 200 : 500, '']);
    expect(
      await Ready.all(Ready.forHttp(`${base}/a`), Ready.forHttp(`${base}/b`)).probe(
        AbortSignal.timeout(1000),
      ),
    ).toBe(false);
    expect(await Ready.all(Ready.forHttp(`${base}/a`)).probe(AbortSignal.timeout(1000))).toBe(true);
  });

  it('times out with one line naming the component and the check', async () => {
    const base = await serve(() => [503, '']);
    const error = await waitUntilReady('victoria-logs', Ready.forHttp(`${base}/health`), {
      timeoutMs: 300,
      intervalMs: 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toBe(`victoria-logs: GET ${base}/health not OK after 300ms`);
  });

  it('stops early when the process exits, quoting its log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimon-ready-'));
    const logFile = join(dir, 'x.log');
    await writeFile(logFile, 'line one\nfatal: cannot open storage\n');
    const child = spawn('true');
    await new Promise((r) => child.on('exit', r));
    const started = Date.now();
    const error = await waitUntilReady('collector', Ready.forHttp('http://127.0.0.1:9/'), {
      pid: child.pid!,
      logFile,
      timeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((error as StackError).message).toBe('collector exited during startup');
    expect((error as StackError).logTail).toEqual(['line one', 'fatal: cannot open storage']);
  });
});
