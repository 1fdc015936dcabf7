import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { probeTcp, splitHostPort } from './probe.js';
import { grpcRetryInfoDelayMs, RETRYABLE_GRPC_CODES } from './retry-policy.js';
import { decodePartialSuccess, type Signal, type Sink, type SinkResult, type TlsOptions } from './sink.js';

const METHODS: Record<Signal, string> = {
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const identity = (b: Buffer): Buffer => b;

/**
 * grpc-js's connection failures read "No connection established. Last error: Error: connect ECONNREFUSED
 * 127.0.0.1:4317 (2026-11-27T10:00:00.000Z). Resolution note: …", and deadlines "Deadline exceeded after 10.002s,
 * LB pick: 0.001s,remote_addr=…": the cause alone, without the timestamps and timings that would make every
 * failure a distinct error in the summary.
 */
export function shortDetails(details: string): string {
  return details
    .replace(/^No connection established\. Last error: (Error: )?/, '')
    .replace(/\.? Resolution note:.*$/s, '')
    .replace(/ \(\d{4}-\d\d-\d\dT[^)]*\)/g, '')
    .replace(/^(Deadline exceeded)\b.*$/s, '$1')
    .trim();
}

/** Raw unary calls on the OTLP services with pre-encoded protobuf (no SDK, no proto-loader). */
export class OtlpGrpcSink implements Sink {
  readonly protocol = 'grpc' as const;
  readonly payloadFormat = 'protobuf' as const;
  readonly endpoint: string;
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  constructor(endpoint: string, headers: Record<string, string>, tls: TlsOptions = {}) {
    const useTls =
      !tls.insecure &&
      (endpoint.startsWith('https://') || !!tls.caFile || !!tls.certFile || !!tls.insecureSkipVerify);
    const target = endpoint.replace(/^[a-z]+:\/\//, '').replace(/\/$/, '');
    this.endpoint = target;
    const credentials = useTls
      ? grpc.credentials.createSsl(
          tls.caFile ? readFileSync(tls.caFile) : null,
          tls.keyFile ? readFileSync(tls.keyFile) : null,
          tls.certFile ? readFileSync(tls.certFile) : null,
          tls.insecureSkipVerify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {},
        )
      : grpc.credentials.createInsecure();
    this.client = new grpc.Client(target, credentials, {
      'grpc.max_send_message_length': 64 * 1024 * 1024,
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      // grpc-js reconnects with backoff up to 120 s: a collector back after an outage would wait for it.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2000,
    });
    this.metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) this.metadata.set(k.toLowerCase(), v);
  }

  send(signal: Signal, payload: Buffer | string, timeoutMs: number): Promise<SinkResult> {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        METHODS[signal],
        identity,
        identity,
        bytes,
        this.metadata,
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error) {
            const message = `gRPC ${grpc.status[error.code] ?? error.code}: ${shortDetails(error.details || error.message)}`;
            if (!RETRYABLE_GRPC_CODES.has(error.code)) return resolve({ status: 'failed', error: message });
            const details = error.metadata?.get('grpc-status-details-bin')[0];
            const retryInMs = grpcRetryInfoDelayMs(typeof details === 'string' ? undefined : details);
            resolve(
              retryInMs === undefined
                ? { status: 'retryable', error: message }
                : { status: 'retryable', error: message, retryInMs },
            );
            return;
          }
          resolve({ status: 'ok', ...decodePartialSuccess(response ?? Buffer.alloc(0)) });
        },
      );
    });
  }

  async probe(): Promise<string | undefined> {
    const at = splitHostPort(this.endpoint);
    return at ? probeTcp(at.host, at.port) : undefined;
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
