import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../support/live/durability.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';

/**
 * Issue 11 §4: a user who turns on Claude Code's (beta) or Codex's trace export gets no export error. The stack
 * stores no traces: the collector's traces pipeline accepts them, counts them and drops them.
 */
describe('traces: accepted, counted and dropped', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Spans as a client's SDK makes them: a session span with children, recorded in memory. */
  function makeSpans(count: number): ReadableSpan[] {
    const recorded = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'claude-code', 'session.id': 'trace-test' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: recorded })],
    });
    const tracer = provider.getTracer('com.anthropic.claude_code');
    tracer.startActiveSpan('claude_code.interaction', (root) => {
      for (let i = 1; i < count; i++) tracer.startSpan('claude_code.llm_request').end();
      root.end();
    });
    return recorded.getFinishedSpans();
  }

  function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
    return new Promise((resolve) => exporter.export(spans, resolve));
  }

  const accepted = () =>
    metricValue(stack.endpoints.collectorMetrics, 'otelcol_receiver_accepted_spans_total');
  const refused = () => metricValue(stack.endpoints.collectorMetrics, 'otelcol_receiver_refused_spans_total');

  it('OTLP gRPC and HTTP trace exports succeed, and the collector counts every span', async () => {
    const spans = makeSpans(25);
    expect(spans).toHaveLength(25);
    const before = await accepted();
    const grpc = new GrpcTraceExporter({ url: `http://${stack.endpoints.otlpGrpc}` });
    const http = new HttpTraceExporter({ url: `${stack.endpoints.otlpHttp}/v1/traces` });
    const results = [await exportWith(grpc, spans), await exportWith(http, spans)];
    await Promise.all([grpc.shutdown(), http.shutdown()]);
    expect(results.map((r) => ({ code: r.code, error: r.error?.message }))).toEqual([
      { code: ExportResultCode.SUCCESS, error: undefined },
      { code: ExportResultCode.SUCCESS, error: undefined },
    ]);
    // The collector's own metrics are read at its next internal report; poll for them.
    let counted = 0;
    for (let i = 0; i < 40 && counted < 50; i++) {
      counted = (await accepted()) - before;
      if (counted < 50) await new Promise((r) => setTimeout(r, 250));
    }
    expect(counted).toBe(50);
    expect(await refused()).toBe(0);
  });
});
