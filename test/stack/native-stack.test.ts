import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { PORT_ENV } from '../../core/endpoints.js';
import { findFreePorts } from '../../core/ports.js';
import { isProcessAlive } from '../../stack/process/background-process.js';
import { stackStatus } from '../../stack/stack-status.js';
import { runCli } from '../support/live/cli.js';
import { sendCounter } from '../support/live/otel-metrics.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
import { victoriaLogsForceFlushUrl } from '../../core/victoria-logs-auth.js';

function firstAimonLine(stderr: string): string | undefined {
  return stderr.split('\n').find((line) => line.startsWith('aimon: '));
}

async function freePortEnv(): Promise<Record<string, string>> {
  const keys = Object.values(PORT_ENV);
  const ports = await findFreePorts(keys.length);
  return Object.fromEntries(keys.map((key, i) => [key, String(ports[i])]));
}

async function countRows(stack: TestStack, runId: string): Promise<number> {
  await fetch(victoriaLogsForceFlushUrl(stack.endpoints.victoriaLogs));
  const url = new URL(`${stack.endpoints.victoriaLogs}/select/logsql/query`);
  url.searchParams.set('query', `aimon.run_id:"${runId}" | stats count() as n`);
  const body = await (await fetch(url)).text();
  return body.trim() ? Number((JSON.parse(body.trim()) as { n: string }).n) : 0;
}

async function eventually<T>(
  fn: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    value = await fn();
  }
  return value;
}

async function sendLogs(exporter: LogRecordExporter, runId: string, count: number): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'aimon-stack-test' }),
    processors: [
      new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 256, scheduledDelayMillis: 50 }),
    ],
  });
  const logger = provider.getLogger('aimon.test');
  for (let seq = 0; seq < count; seq++) {
    logger.emit({
      body: 'aimon.stack_test',
      severityNumber: SeverityNumber.INFO,
      attributes: { 'event.name': 'stack_test', 'aimon.run_id': runId, 'aimon.seq': seq },
    });
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function promValue(stack: TestStack, query: string): Promise<number | undefined> {
  const url = new URL(`${stack.endpoints.prometheus}/api/v1/query`);
  url.searchParams.set('query', query);
  const body = (await (await fetch(url)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : undefined;
}

/** One OTLP/JSON request with one DELTA point of 1 for `aimon.raw.counter`, with the given times in ms. */
async function postDeltaPoint(
  stack: TestStack,
  runId: string,
  startMs: number,
  timeMs: number,
): Promise<void> {
  const ns = (ms: number) => `${ms}000000`;
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'aimon-stack-test' } }] },
        scopeMetrics: [
          {
            scope: { name: 'aimon.test' },
            metrics: [
              {
                name: 'aimon.raw.counter',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      startTimeUnixNano: ns(startMs),
                      timeUnixNano: ns(timeMs),
                      asDouble: 1,
                      attributes: [{ key: 'aimon.run_id', value: { stringValue: runId } }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${stack.endpoints.otlpHttp}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

/** One OTLP/JSON logs request of Claude Code api_error records, all stamped at `timeMs`. */
async function postClaudeApiErrors(
  stack: TestStack,
  runId: string,
  timeMs: number,
  records: number,
): Promise<void> {
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const record = {
    timeUnixNano: String(BigInt(timeMs) * 1_000_000n),
    body: { stringValue: 'claude_code.api_error' },
    attributes: [
      attr('event.name', 'api_error'),
      attr('user.id', 'dev-1'),
      attr('user.email', 'ann@example.com'),
      attr('model', 'claude-sonnet-4-5'),
      { key: 'status_code', value: { intValue: '529' } },
    ],
  };
  const body = {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', 'claude-code'), attr('aimon.run_id', runId)] },
        scopeLogs: [
          { scope: { name: 'com.anthropic.claude_code.events' }, logRecords: Array(records).fill(record) },
        ],
      },
    ],
  };
  const response = await fetch(`${stack.endpoints.otlpHttp}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

/** The collector's count of DELTA points durablecumulative dropped as not newer than their stream's last. */
async function outOfOrderPoints(stack: TestStack): Promise<number> {
  const page = await (await fetch(stack.endpoints.collectorMetrics)).text();
  return page
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('otelcol_durablecumulative_datapoints_total{') &&
        l.includes('outcome="dropped_not_newer"'),
    )
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('native stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports all four components healthy with their versions', async () => {
    const result = await runCli(['stack', 'status', '--json', '--data-dir', stack.dataDir]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Awaited<ReturnType<typeof stackStatus>>;
    expect(status.healthy).toBe(true);
    expect(status.components.map((c) => [c.name, c.healthy])).toEqual([
      ['victoria-logs', true],
      ['collector', true],
      ['alertmanager', true],
      ['prometheus', true],
    ]);
    for (const component of status.components) expect(component.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is idempotent: a second up finds the running stack', async () => {
    const args = ['stack', 'up', '--native', '--data-dir', stack.dataDir];
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('already running');
  });

  it('tells native users where to look without Grafana: vmui and the Prometheus API (no web UI)', async () => {
    const result = await runCli(['stack', 'up', '--native', '--data-dir', stack.dataDir]);
    expect(result.code).toBe(0);
    const vmui = `${stack.endpoints.victoriaLogs}/select/vmui/`;
    const api = `${stack.endpoints.prometheus}/api/v1/query?query=up`;
    expect(result.stdout).toContain('No Grafana in the native stack');
    expect(result.stdout).toContain(`events:       ${vmui} (VictoriaLogs' built-in UI`);
    expect(result.stdout).toContain(`metrics:      ${api} (Prometheus HTTP API; this Prometheus is built`);
    expect(result.stdout).toContain('has no web UI');
    // The URLs answer: vmui serves its page, the API its JSON.
    const page = await fetch(vmui);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const query = (await (await fetch(api)).json()) as { status: string };
    expect(query.status).toBe('success');
  });

  it('stores exactly the 1,000 log records sent over OTLP gRPC', async () => {
    const runId = `grpc-${randomUUID()}`;
    await sendLogs(new GrpcLogExporter({ url: `http://${stack.endpoints.otlpGrpc}` }), runId, 1000);
    expect(
      await eventually(
        () => countRows(stack, runId),
        (n) => n >= 1000,
      ),
    ).toBe(1000);
  });

  it('stores exactly the 1,000 log records sent over OTLP HTTP/protobuf', async () => {
    const runId = `http-${randomUUID()}`;
    await sendLogs(new ProtoLogExporter({ url: `${stack.endpoints.otlpHttp}/v1/logs` }), runId, 1000);
    expect(
      await eventually(
        () => countRows(stack, runId),
        (n) => n >= 1000,
      ),
    ).toBe(1000);
  });

  it('turns a DELTA counter of ten 1s into 10 in Prometheus, and keeps a CUMULATIVE total exact', async () => {
    const runId = randomUUID();
    await sendCounter(`${stack.endpoints.otlpHttp}/v1/metrics`, {
      runId,
      temporality: 'delta',
      increments: Array(10).fill(1),
    });
    await sendCounter(`${stack.endpoints.otlpHttp}/v1/metrics`, {
      runId,
      temporality: 'cumulative',
      increments: [3, 4, 5],
    });
    const delta = await eventually(
      () => promValue(stack, `aimon_test_counter_total{aimon_run_id="${runId}",temporality="delta"}`),
      (v) => v === 10,
    );
    const cumulative = await eventually(
      () => promValue(stack, `aimon_test_counter_total{aimon_run_id="${runId}",temporality="cumulative"}`),
      (v) => v === 12,
    );
    expect(delta).toBe(10);
    expect(cumulative).toBe(12);
  });

  it('counts every Claude Code api_error record, also batches stamped in the same or an earlier millisecond', async () => {
    // The count connector stamps a batch's counts with its records' times: the second request's point has the
    // first one's time, the third an earlier one. Their own durablecumulative (stamp_on_arrival) adds them all.
    const runId = randomUUID();
    const outOfOrderBefore = await outOfOrderPoints(stack);
    const t0 = Date.now() - 1000;
    await postClaudeApiErrors(stack, runId, t0, 2);
    await postClaudeApiErrors(stack, runId, t0, 1);
    await postClaudeApiErrors(stack, runId, t0 - 500, 3);
    const page = await (await fetch(stack.endpoints.collectorPrometheusExporter)).text();
    const line = page
      .split('\n')
      .find((l) => l.startsWith('aimon_claude_code_api_errors_total{') && l.includes(runId));
    expect(line).toContain('user_email="ann@example.com"');
    expect(line).toContain('status_code="529"');
    expect(line?.split(' ').at(-1)).toBe('6');
    expect((await outOfOrderPoints(stack)) - outOfOrderBefore).toBe(0);
  });

  it('drops a DELTA point stamped at its stream’s last time (why sendCounter collects in a new millisecond)', async () => {
    // Three delta points of 1: the second is zero-width at the first one's end, as the JS SDK stamps two
    // collections that fall in one millisecond. durablecumulative keeps a point only if its time is after the
    // stream's last (so a retried batch is not counted twice), so the exporter reads 2 and the collector counts
    // one dropped_not_newer. A periodic reader
    // collects once per export interval, so a real client sends such a point only if a forceFlush/shutdown
    // collection lands in the same millisecond as a timer collection, with a measurement in between.
    const runId = randomUUID();
    const outOfOrderBefore = await outOfOrderPoints(stack);
    const t0 = Date.now() - 1000;
    for (const [start, time] of [
      [t0, t0 + 5],
      [t0 + 5, t0 + 5],
      [t0 + 5, t0 + 10],
    ] as const)
      await postDeltaPoint(stack, runId, start, time);
    const page = await (await fetch(stack.endpoints.collectorPrometheusExporter)).text();
    const line = page.split('\n').find((l) => l.startsWith('aimon_raw_counter_total{') && l.includes(runId));
    expect(line?.split(' ').at(-1)).toBe('2');
    expect((await outOfOrderPoints(stack)) - outOfOrderBefore).toBe(1);
  });

  it('names the component and port when a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(
        [
          'stack',
          'up',
          '--native',
          '--data-dir',
          `${stack.dataDir}-other`,
          '--prometheus-port',
          String(port),
        ],
        {
          env: await freePortEnv(),
        },
      );
      expect(result.code).toBe(3);
      expect(firstAimonLine(result.stderr)).toBe(
        `aimon: port ${port} (Prometheus HTTP API, for prometheus) is already in use`,
      );
    } finally {
      blocker.close();
    }
  });

  it('says which binary is missing', async () => {
    const result = await runCli(['stack', 'up', '--native', '--data-dir', `${stack.dataDir}-missing`], {
      env: { AIMON_COLLECTOR_BIN: '/nonexistent/otelcol-aimon' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('missing binary: collector');
    expect(result.stderr).toContain('aimon stack install');
  });

  it('reports an unreachable component and recovers on the next up', async () => {
    const victoriaLogs = stack.state.components.find((c) => c.name === 'victoria-logs')!;
    process.kill(victoriaLogs.pid, 'SIGKILL');
    await eventually(
      async () => isProcessAlive(victoriaLogs.pid),
      (alive) => !alive,
      10_000,
    );
    const status = await runCli(['stack', 'status', '--json', '--data-dir', stack.dataDir]);
    expect(status.code).toBe(1);
    const parsed = JSON.parse(status.stdout) as Awaited<ReturnType<typeof stackStatus>>;
    expect(parsed.components.find((c) => c.name === 'victoria-logs')?.healthy).toBe(false);
    const up = await runCli(['stack', 'up', '--native', '--data-dir', stack.dataDir]);
    expect(up.code).toBe(0);
    expect((await stackStatus({ dataDir: stack.dataDir })).healthy).toBe(true);
    stack.state = JSON.parse(
      await (await import('node:fs/promises')).readFile(`${stack.dataDir}/stack.json`, 'utf8'),
    );
  });

  it('shows the last log lines of a component that dies at start', async () => {
    const result = await runCli(
      ['stack', 'up', '--native', '--data-dir', `${stack.dataDir}-bad`, '--retention', 'not-a-period'],
      {
        env: await freePortEnv(),
      },
    );
    expect(result.code).toBe(3);
    expect(firstAimonLine(result.stderr)).toBe('aimon: victoria-logs exited during startup');
    expect(result.stderr).toContain('  | ');
    expect(result.stderr).toContain('retentionPeriod');
  });

  it('stops every process on down', async () => {
    const pids = (await stackStatus({ dataDir: stack.dataDir })).components.map((c) => c.pid!);
    const result = await runCli(['stack', 'down', '--data-dir', stack.dataDir]);
    expect(result.code).toBe(0);
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  });
});
