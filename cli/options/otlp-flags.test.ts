import { describe, expect, it } from 'vitest';
import { otlpTargetFromFlags } from './otlp-flags.js';

const stack = async (protocol: 'grpc' | 'http'): Promise<string> =>
  protocol === 'grpc' ? '127.0.0.1:4317' : 'http://127.0.0.1:4318';

const env = {
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.prod.example:4318/',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=prod,authorization=Bearer%20abc',
};

describe('OTLP target: flags, then OTEL_EXPORTER_OTLP_* only with --otel-env, then the stack', () => {
  it('ignores the OTel variables without --otel-env', async () => {
    expect(await otlpTargetFromFlags({}, env, stack)).toEqual({
      protocol: 'grpc',
      endpoint: '127.0.0.1:4317',
      headers: {},
      tls: {},
    });
  });

  it('reads endpoint, protocol and URL-encoded headers with --otel-env', async () => {
    expect(await otlpTargetFromFlags({ otelEnv: true }, env, stack)).toEqual({
      protocol: 'http',
      endpoint: 'http://collector.prod.example:4318',
      headers: { 'x-tenant': 'prod', authorization: 'Bearer abc' },
      tls: {},
    });
  });

  it('flags win over the variables; headers merge', async () => {
    expect(
      await otlpTargetFromFlags(
        { otelEnv: true, endpoint: 'http://127.0.0.1:14318', headers: ['x-tenant=test'] },
        env,
        stack,
      ),
    ).toEqual({
      protocol: 'http',
      endpoint: 'http://127.0.0.1:14318',
      headers: { 'x-tenant': 'test', authorization: 'Bearer abc' },
      tls: {},
    });
  });

  it('--insecure means no TLS; --insecure-skip-verify means TLS without checks', async () => {
    expect((await otlpTargetFromFlags({ endpoint: 'h:4317', insecure: true }, {}, stack)).tls).toEqual({
      insecure: true,
    });
    expect(
      (await otlpTargetFromFlags({ endpoint: 'h:4317', insecureSkipVerify: true }, {}, stack)).tls,
    ).toEqual({ insecureSkipVerify: true });
    await expect(
      otlpTargetFromFlags({ endpoint: 'https://h:4317', insecure: true }, {}, stack),
    ).rejects.toThrow('--insecure means no TLS, but --endpoint "https://h:4317" is https://');
  });

  it('warns about and ignores an OTel value it cannot use', async () => {
    const target = await otlpTargetFromFlags(
      { otelEnv: true },
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' },
      stack,
    );
    expect(target).toEqual({ protocol: 'grpc', endpoint: '127.0.0.1:4317', headers: {}, tls: {} });
  });
});
