import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendCounter } from '../support/live/otel-metrics.js';
import { decodeMetricsRequest, type NumberDataPointJson } from '../support/pure/otlp-protos.js';

/**
 * The helper the native-stack test sends its counters with. Against a local receiver that answers at once, its
 * collections are a fraction of a millisecond apart, which is where it used to put two delta points in one
 * millisecond (the JS SDK stamps collections with Date.now()); the collector's deltatocumulative drops such a
 * point as out of order, so the stack test read 8 or 9 for ten 1s. A machine's speed decides how often that
 * happens; a clock that ticks every 10 ms (Date.now() rounded down) makes every round trip shorter than a tick,
 * as on a fast machine, so the test does not depend on the machine.
 */
describe('sendCounter (test helper)', () => {
  const points: NumberDataPointJson[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = decodeMetricsRequest(Buffer.concat(chunks));
        for (const rm of request.resourceMetrics ?? [])
          for (const sm of rm.scopeMetrics ?? [])
            for (const metric of sm.metrics ?? []) points.push(...(metric.sum?.dataPoints ?? []));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/metrics`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends DELTA points in strictly increasing milliseconds, each starting where the last ended', async () => {
    points.length = 0;
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - (realNow() % 10));
    await sendCounter(url, { runId: randomUUID(), temporality: 'delta', increments: Array(50).fill(1) });
    expect(points).toHaveLength(50);
    const times = points.map((p) => BigInt(p.timeUnixNano!));
    const starts = points.map((p) => BigInt(p.startTimeUnixNano!));
    for (let i = 1; i < points.length; i++) {
      // deltatocumulative keeps a point only if its time is after the stream's last point's time.
      expect(times[i]! > times[i - 1]!, `point ${i} at ${times[i]} after ${times[i - 1]}`).toBe(true);
      expect(starts[i]).toBe(times[i - 1]);
    }
    expect(points.reduce((sum, p) => sum + Number(p.asInt ?? p.asDouble ?? 0), 0)).toBe(50);
  });
});
