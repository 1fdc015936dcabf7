import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { decodePartialSuccess, type Signal, type Sink, type SinkResult, type TlsOptions } from './sink.js';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** OTLP/HTTP with protobuf bodies (`/v1/logs`, `/v1/metrics` appended to the base URL, as OTel does). */
export class OtlpHttpSink implements Sink {
  readonly protocol = 'http' as const;
  readonly payloadFormat = 'protobuf' as const;
  readonly endpoint: string;
  private readonly agent: Agent;
  private readonly headers: Record<string, string>;

  constructor(endpoint: string, headers: Record<string, string>, tls: TlsOptions = {}) {
    const base = /^[a-z]+:\/\//.test(endpoint) ? endpoint : `http://${endpoint}`;
    this.endpoint = base.replace(/\/+$/, '');
    this.agent = new Agent({
      connections: 64,
      pipelining: 1,
      connect: {
        ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
        ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
        ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
        ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
      },
    });
    this.headers = { ...headers, 'content-type': 'application/x-protobuf' };
  }

  async send(signal: Signal, payload: Buffer | string, timeoutMs: number): Promise<SinkResult> {
    try {
      const response = await request(`${this.endpoint}/v1/${signal}`, {
        method: 'POST',
        body: payload,
        headers: this.headers,
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { status: 'ok', ...decodePartialSuccess(body) };
      }
      const error = `HTTP ${response.statusCode}: ${body.toString('utf8').slice(0, 200).trim()}`;
      if (RETRYABLE_STATUS.has(response.statusCode)) {
        const retryInMs = retryAfterMs(response.headers['retry-after']);
        return retryInMs === undefined
          ? { status: 'retryable', error }
          : { status: 'retryable', error, retryInMs };
      }
      return { status: 'failed', error };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { status: 'retryable', error: `HTTP ${code ?? ''} ${(error as Error).message}`.trim() };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
