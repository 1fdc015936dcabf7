/**
 * A capturing OTLP/HTTP receiver on localhost port 0: accepts /v1/logs and /v1/metrics (protobuf or JSON,
 * optionally gzip), keeps every request decoded to OTLP/JSON and answers 200 like a collector.
 */
import { createServer, type Server } from 'node:http';
import { addOtlpHttpRequest, type OtlpLogsJson, type OtlpMetricsJson } from '../support/pure/otlp-protos.js';
import { listenOnLocalhost } from './mock-http.js';

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
        const type = String(req.headers['content-type'] ?? '').split(';')[0] ?? '';
        contentTypes.add(type);
        const json = type === 'application/json';
        const path = (req.url ?? '').split('?')[0] ?? '';
        const added = addOtlpHttpRequest(
          { logs, metrics },
          path,
          { contentType: type, contentEncoding: req.headers['content-encoding'] },
          Buffer.concat(chunks),
        );
        if (!added && path !== '/v1/traces') {
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
  const { url, close } = await listenOnLocalhost(server);
  return { url, logs, metrics, contentTypes, close };
}
