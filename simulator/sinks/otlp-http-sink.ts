import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { probeTcp } from './probe.js';
import { isRetryableNetworkError, parseRetryAfterMs, RETRYABLE_HTTP_STATUSES } from './retry-policy.js';
import { decodePartialSuccess, type Signal, type Sink, type SinkResult, type TlsOptions } from './sink.js';

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
      if (RETRYABLE_HTTP_STATUSES.has(response.statusCode)) {
        const retryInMs = parseRetryAfterMs(response.headers['retry-after']);
        return retryInMs === undefined
          ? { status: 'retryable', error }
          : { status: 'retryable', error, retryInMs };
      }
      return { status: 'failed', error };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = `HTTP ${code ?? ''} ${(error as Error).message}`.replace(/\s+/g, ' ').trim();
      return isRetryableNetworkError(code)
        ? { status: 'retryable', error: message }
        : { status: 'failed', error: message };
    }
  }

  async probe(): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(this.endpoint);
    } catch {
      return undefined; // not a URL: the first request reports it
    }
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return probeTcp(url.hostname.replace(/^\[|\]$/g, ''), port);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
