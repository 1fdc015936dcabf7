import type { Signal, Sink, SinkResult } from './sink.js';

/** Keeps every payload; answers with a scripted result (tests). */
export class InMemorySink implements Sink {
  readonly protocol = 'grpc' as const;
  readonly endpoint = 'memory';
  readonly payloadFormat = 'protobuf' as const;
  readonly sent: Array<{ signal: Signal; payload: Buffer }> = [];
  constructor(
    private readonly answer: (signal: Signal, attempt: number) => SinkResult = () => ({
      status: 'ok',
      rejected: 0,
    }),
  ) {}
  async send(signal: Signal, payload: Buffer | string): Promise<SinkResult> {
    this.sent.push({ signal, payload: Buffer.from(payload) });
    return this.answer(signal, this.sent.length);
  }
  async close(): Promise<void> {}
}
