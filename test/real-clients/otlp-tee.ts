/**
 * An OTLP/HTTP pass-through on localhost port 0: every /v1/logs and /v1/metrics request is forwarded byte for
 * byte to the stack's collector, answered with the collector's own response, and kept decoded (OTLP/JSON) when
 * the collector accepted it. The real clients' telemetry lands in the stack exactly as sent, and the test knows
 * exactly what was sent (to build the expected ledger).
 */
import { createServer, type Server } from 'node:http';
import { addOtlpHttpRequest, type OtlpLogsJson, type OtlpMetricsJson } from '../support/pure/otlp-protos.js';
import { listenOnLocalhost } from './mock-http.js';

export interface OtlpTee {
  /** Base URL (the clients append /v1/logs, /v1/metrics). */
  readonly url: string;
  /** Requests the collector acknowledged (2xx), decoded. */
  readonly logs: OtlpLogsJson[];
  readonly metrics: OtlpMetricsJson[];
  /** Requests the collector refused or that could not be forwarded. */
  readonly refused: string[];
  close(): Promise<void>;
}

export async function startOtlpTee(upstreamHttpUrl: string): Promise<OtlpTee> {
  const logs: OtlpLogsJson[] = [];
  const metrics: OtlpMetricsJson[] = [];
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'content-encoding']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      void (async () => {
        try {
          const upstream = await fetch(`${upstreamHttpUrl}${path}`, { method: 'POST', headers, body: raw });
          const body = Buffer.from(await upstream.arrayBuffer());
          if (upstream.ok)
            addOtlpHttpRequest(
              { logs, metrics },
              path,
              { contentType: headers['content-type'], contentEncoding: headers['content-encoding'] },
              raw,
            );
          else refused.push(`${path}: ${upstream.status} ${body.toString('utf8').slice(0, 200)}`);
          const type = upstream.headers.get('content-type');
          res.writeHead(upstream.status, type ? { 'content-type': type } : {});
          res.end(body);
        } catch (error) {
          refused.push(`${path}: ${String(error)}`);
          res.writeHead(502).end();
        }
      })();
    });
  });
  const { url, close } = await listenOnLocalhost(server);
  return { url, logs, metrics, refused, close };
}
