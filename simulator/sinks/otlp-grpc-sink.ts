import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { decodePartialSuccess, type Signal, type Sink, type SinkResult, type TlsOptions } from './sink.js';

const METHODS: Record<Signal, string> = {
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const RETRYABLE = new Set([
  grpc.status.CANCELLED,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
]);

const identity = (b: Buffer): Buffer => b;

/** Raw unary calls on the OTLP services with pre-encoded protobuf (no SDK, no proto-loader). */
export class OtlpGrpcSink implements Sink {
  readonly protocol = 'grpc' as const;
  readonly payloadFormat = 'protobuf' as const;
  readonly endpoint: string;
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  constructor(endpoint: string, headers: Record<string, string>, tls: TlsOptions = {}) {
    const useTls = endpoint.startsWith('https://') || !!tls.caFile || !!tls.certFile;
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
            const message = `gRPC ${grpc.status[error.code] ?? error.code}: ${error.details || error.message}`;
            resolve(
              RETRYABLE.has(error.code)
                ? { status: 'retryable', error: message }
                : { status: 'failed', error: message },
            );
            return;
          }
          resolve({ status: 'ok', ...decodePartialSuccess(response ?? Buffer.alloc(0)) });
        },
      );
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
