import type { SimulationConfig } from '../simulation-config.js';
import { FileSink } from './file-sink.js';
import { OtlpGrpcSink } from './otlp-grpc-sink.js';
import { OtlpHttpSink } from './otlp-http-sink.js';
import type { Sink } from './sink.js';

export function createSink(
  config: Pick<SimulationConfig, 'protocol' | 'endpoint' | 'headers' | 'tls'>,
): Sink {
  switch (config.protocol) {
    case 'grpc':
      return new OtlpGrpcSink(config.endpoint, config.headers, config.tls);
    case 'http':
      return new OtlpHttpSink(config.endpoint, config.headers, config.tls);
    case 'file':
      return new FileSink(config.endpoint);
  }
}
