/**
 * A capturing OTLP/HTTP receiver on localhost port 0: accepts /v1/logs and /v1/metrics (protobuf or JSON,
 * optionally gzip), keeps every request decoded to OTLP/JSON and answers 200 like a collector.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  decodeLogsRequest,
  decodeMetricsRequest,
  type OtlpLogsJson,
  type OtlpMetricsJson,
} from '../helpers/otlp-protos.js';

export interface OtlpCapture {
  /** Base URL (append /v1/logs, /v1/metrics). */
  readonly url: string;
  readonly logs: OtlpLogsJson[];
  readonly metrics: OtlpMetricsJson[];
  /** Content types seen, to prove which encoding a client used. */
  readonly contentTypes: Set<string>;
  close(): Promise<void>;
}

export async function startOtlpCapture(): Promise<OtlpCapture> {
  const logs: OtlpLogsJson[] = [];
  const metrics: OtlpMetricsJson[] = [];
  const contentTypes = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const type = String(req.headers['content-type'] ?? '').split(';')[0] ?? '';
        contentTypes.add(type);
        const json = type === 'application/json';
        const path = (req.url ?? '').split('?')[0];
        if (path === '/v1/logs')
          logs.push(json ? (JSON.parse(body.toString('utf8')) as OtlpLogsJson) : decodeLogsRequest(body));
        else if (path === '/v1/metrics')
          metrics.push(
            json ? (JSON.parse(body.toString('utf8')) as OtlpMetricsJson) : decodeMetricsRequest(body),
          );
        else if (path !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        // An empty Export*ServiceResponse: zero bytes in protobuf, {} in JSON.
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        res.end(json ? '{}' : undefined);
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    metrics,
    contentTypes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
