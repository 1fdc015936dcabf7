import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Signal, Sink, SinkResult } from './sink.js';

/**
 * `--output FILE`: each export request as one OTLP/JSON line, the collector file exporter's format
 * (logs and metrics requests interleaved, distinguishable by their top-level key).
 */
export class FileSink implements Sink {
  readonly protocol = 'file' as const;
  readonly payloadFormat = 'json' as const;
  private readonly stream: WriteStream;
  private failure: string | undefined;

  constructor(readonly endpoint: string) {
    this.stream = createWriteStream(endpoint, { flags: 'w' });
    this.stream.on('error', (error) => (this.failure = error.message));
  }

  async send(_signal: Signal, payload: Buffer | string): Promise<SinkResult> {
    if (this.failure) return { status: 'failed', error: this.failure };
    if (!this.stream.write(`${payload.toString()}\n`)) await once(this.stream, 'drain');
    return this.failure ? { status: 'failed', error: this.failure } : { status: 'ok', rejected: 0 };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    if (this.failure) throw new Error(`cannot write ${this.endpoint}: ${this.failure}`);
  }
}
