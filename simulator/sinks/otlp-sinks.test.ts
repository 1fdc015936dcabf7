/** How the OTLP sinks classify what a real local receiver answers (retryable or not, and the server's delay). */
import { createServer, type Server } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../core/ports.js';
import { startOtlpSink, type OtlpSink } from '../../test/support/live/otlp-sink.js';
import { OtlpGrpcSink, shortDetails } from './otlp-grpc-sink.js';
import { OtlpHttpSink } from './otlp-http-sink.js';
import { splitHostPort } from './probe.js';

const payload = Buffer.alloc(0); // an empty ExportLogsServiceRequest

let receiver: OtlpSink;
let throttling: Server;
let throttlingUrl: string;
let grpcThrottling: grpc.Server;
let grpcThrottlingTarget: string;

beforeAll(async () => {
  receiver = await startOtlpSink();
  throttling = createServer((_req, res) => {
    res.writeHead(429, { 'retry-after': '7' });
    res.end('slow down');
  });
  await new Promise<void>((resolve) => throttling.listen(0, '127.0.0.1', resolve));
  const address = throttling.address();
  throttlingUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // RESOURCE_EXHAUSTED with google.rpc.RetryInfo { retry_delay: 3 s } in grpc-status-details-bin.
  const retryInfo = Buffer.from([0x0a, 0x02, 0x08, 0x03]);
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  const status = Buffer.concat([Buffer.from([0x08, 0x08, 0x1a, any.length]), any]);
  grpcThrottling = new grpc.Server();
  const identity = (b: Buffer): Buffer => b;
  grpcThrottling.addService(
    {
      Export: {
        path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    {
      Export: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', status);
        callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'over limit', metadata });
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    grpcThrottling.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  grpcThrottlingTarget = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await receiver.close();
  await new Promise<void>((resolve) => throttling.close(() => resolve()));
  grpcThrottling.forceShutdown();
});

describe('OTLP sinks classify failures', () => {
  it('gRPC: UNAVAILABLE retries, INVALID_ARGUMENT does not', async () => {
    const sink = new OtlpGrpcSink(receiver.grpcEndpoint, {});
    try {
      expect(await sink.send('logs', payload, 2000)).toMatchObject({ status: 'ok' });
      receiver.setFailure('unavailable');
      expect(await sink.send('logs', payload, 2000)).toMatchObject({
        status: 'retryable',
        error: /UNAVAILABLE/,
      });
      receiver.setFailure('invalid-argument');
      expect(await sink.send('logs', payload, 2000)).toMatchObject({
        status: 'failed',
        error: /INVALID_ARGUMENT/,
      });
    } finally {
      receiver.setFailure('none');
      await sink.close();
    }
  });

  it('gRPC: RESOURCE_EXHAUSTED carries the server RetryInfo delay', async () => {
    const sink = new OtlpGrpcSink(grpcThrottlingTarget, {});
    try {
      expect(await sink.send('logs', payload, 2000)).toEqual({
        status: 'retryable',
        error: 'gRPC RESOURCE_EXHAUSTED: over limit',
        retryInMs: 3000,
      });
    } finally {
      await sink.close();
    }
  });

  it('HTTP: 503 retries, 400 does not, 429 carries Retry-After', async () => {
    const sink = new OtlpHttpSink(receiver.httpEndpoint, {});
    const throttled = new OtlpHttpSink(throttlingUrl, {});
    try {
      receiver.setFailure('unavailable');
      expect(await sink.send('logs', payload, 2000)).toMatchObject({
        status: 'retryable',
        error: /HTTP 503/,
      });
      receiver.setFailure('invalid-argument');
      expect(await sink.send('logs', payload, 2000)).toMatchObject({ status: 'failed', error: /HTTP 400/ });
      expect(await throttled.send('logs', payload, 2000)).toEqual({
        status: 'retryable',
        error: 'HTTP 429: slow down',
        retryInMs: 7000,
      });
    } finally {
      receiver.setFailure('none');
      await sink.close();
      await throttled.close();
    }
  });

  it('a refused connection is retryable for both, and the probe reports it', async () => {
    const port = await findFreePort();
    const grpcSink = new OtlpGrpcSink(`127.0.0.1:${port}`, {});
    const httpSink = new OtlpHttpSink(`http://127.0.0.1:${port}`, {});
    try {
      expect(await grpcSink.send('logs', payload, 1000)).toMatchObject({ status: 'retryable' });
      expect(await httpSink.send('logs', payload, 1000)).toMatchObject({
        status: 'retryable',
        error: /ECONNREFUSED/,
      });
      expect(await grpcSink.probe()).toMatch(/ECONNREFUSED/);
      expect(await httpSink.probe()).toMatch(/ECONNREFUSED/);
      expect(await new OtlpGrpcSink(receiver.grpcEndpoint, {}).probe()).toBeUndefined();
      expect(await new OtlpHttpSink(receiver.httpEndpoint, {}).probe()).toBeUndefined();
    } finally {
      await grpcSink.close();
      await httpSink.close();
    }
  });
});

describe('gRPC error details', () => {
  it('keep the cause of a connection failure, without its timestamp', () => {
    expect(
      shortDetails(
        'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:4317 (2026-11-27T10:00:00.000Z). Resolution note: ',
      ),
    ).toBe('connect ECONNREFUSED 127.0.0.1:4317');
    expect(shortDetails('sink set to fail')).toBe('sink set to fail');
    expect(shortDetails('Deadline exceeded after 10.002s,LB pick: 0.001s,remote_addr=127.0.0.1:4317')).toBe(
      'Deadline exceeded',
    );
  });
});

describe('probe', () => {
  it('splits gRPC targets', () => {
    expect(splitHostPort('127.0.0.1:4317')).toEqual({ host: '127.0.0.1', port: 4317 });
    expect(splitHostPort('localhost:4317')).toEqual({ host: 'localhost', port: 4317 });
    expect(splitHostPort('[::1]:4317')).toEqual({ host: '::1', port: 4317 });
    expect(splitHostPort('dns:///collector:4317')).toEqual({ host: 'collector', port: 4317 });
    expect(splitHostPort('unix:/tmp/otlp.sock')).toBeUndefined();
    expect(splitHostPort('collector')).toBeUndefined();
  });
});
