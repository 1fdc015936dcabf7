/**
 * `aimon verify` against a stack aimon did not start: VictoriaLogs, Prometheus and two collectors launched by this
 * test from their binaries with its own config files, on other ports, with no aimon state file anywhere. verify finds
 * them only through --endpoint, --victorialogs-url, --prometheus-url and --collector-metrics-url.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VictoriaLogsClient } from '../../assertions/backends/victoria-logs-client.js';
import type { VerifyReport } from '../../assertions/verify-report.js';
import { findFreePort } from '../../core/ports.js';
import { runCli } from '../support/live/cli.js';
import {
  startUserStack,
  type CollectorPorts,
  type UserCollector,
  type UserStack,
} from '../support/live/user-stack.js';

/**
 * A user's own pipeline, written differently from aimon's: no persistent queues, contrib's in-memory
 * deltatocumulative instead of aimon's journal, and a resource processor that stamps every record with the user's
 * environment and renames an attribute aimon does not check (host.arch → host.architecture). Counters are scraped, histograms pushed to Prometheus' OTLP receiver, as aimon's checks expect.
 */
const userPipeline = (
  p: CollectorPorts,
  logsProcessors: string[] = ['resource/staging'],
  extra = '',
): string => `
receivers:
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:${p.grpc} }
      http: { endpoint: 127.0.0.1:${p.http} }
processors:
  resource/staging:
    attributes:
      - { key: deployment.environment.name, value: staging, action: upsert }
      - { key: host.architecture, from_attribute: host.arch, action: insert }
      - { key: host.arch, action: delete }
  filter/counters:
    error_mode: ignore
    metrics:
      metric:
        - type == METRIC_DATA_TYPE_HISTOGRAM or type == METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM or type == METRIC_DATA_TYPE_SUMMARY
  filter/histograms:
    error_mode: ignore
    metrics:
      metric:
        - type != METRIC_DATA_TYPE_HISTOGRAM and type != METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM and type != METRIC_DATA_TYPE_SUMMARY
  deltatocumulative: { max_stale: 5m }
${extra}
exporters:
  otlphttp/logs:
    logs_endpoint: ${p.victoriaLogsUrl}/insert/opentelemetry/v1/logs
    headers: { VL-Stream-Fields: service.name }
  prometheus:
    endpoint: 127.0.0.1:${p.exporter}
    resource_to_telemetry_conversion: { enabled: true }
    translation_strategy: UnderscoreEscapingWithSuffixes
  otlphttp/prometheus:
    metrics_endpoint: ${p.prometheusUrl}/api/v1/otlp/v1/metrics
    sending_queue: { num_consumers: 1 }
service:
  pipelines:
    logs: { receivers: [otlp], processors: [${logsProcessors.join(', ')}], exporters: [otlphttp/logs] }
    metrics/counters: { receivers: [otlp], processors: [filter/counters, deltatocumulative], exporters: [prometheus] }
    metrics/histograms:
      receivers: [otlp]
      processors: [filter/histograms, deltatocumulative]
      exporters: [otlphttp/prometheus]
  telemetry:
    metrics:
      readers:
        - pull: { exporter: { prometheus: { host: 127.0.0.1, port: ${p.metrics} } } }
`;

/** The same pipeline with one mistake: a filter that drops every claude_code.tool_result event. */
const brokenPipeline = (p: CollectorPorts): string =>
  userPipeline(
    p,
    ['filter/drop-tool-results', 'resource/staging'],
    `  filter/drop-tool-results:
    error_mode: ignore
    logs:
      log_record:
        - body == "claude_code.tool_result"`,
  );

let stack: UserStack;
let good: UserCollector;
let broken: UserCollector;
let work: string;
let dataDir: string;

beforeAll(async () => {
  stack = await startUserStack(await findFreePort());
  good = await stack.startCollector('collector', (p) => userPipeline(p));
  broken = await stack.startCollector('collector-broken', brokenPipeline);
  work = await mkdtemp(join(tmpdir(), 'aimon-user-stack-run-'));
  // An empty aimon data dir: if verify looked for aimon's stack, it would find nothing here.
  dataDir = join(work, 'aimon-data');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const targets = (collector: UserCollector): string[] => [
  '--endpoint',
  collector.otlpGrpc,
  '--victorialogs-url',
  stack.victoriaLogsUrl,
  '--prometheus-url',
  stack.prometheusUrl,
  '--collector-metrics-url',
  collector.metricsUrl,
  '--data-dir',
  dataDir,
  '--no-start',
];

describe('verify a stack aimon did not start', () => {
  it('passes a correct user pipeline, found only through the flags', async () => {
    const json = join(work, 'good.json');
    const run = await runCli(
      [
        'verify',
        '--scenario',
        'smoke',
        '--rate',
        '300/s',
        '--duration',
        '5s',
        ...targets(good),
        // aimon's dashboards read fields its own pipeline adds (job); a user's pipeline need not.
        '--suites',
        'load,completeness,content,metrics,user-queries,throughput,health',
        '--save-ledger',
        join(work, 'good-ledger.json'),
        '--json',
        json,
        '--quiet',
      ],
      { timeoutMs: 170_000 },
    );
    const report = JSON.parse(await readFile(json, 'utf8')) as VerifyReport;
    const failures = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
    expect(failures.map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.counts.passed).toBeGreaterThan(20);
    expect(report.run.endpoint).toBe(good.otlpGrpc);
    // The collector's own counters were read from the page the flag named.
    expect(
      report.results.find((r) => r.id === 'health.otelcol_receiver_refused_log_records_total')?.status,
    ).toBe('passed');
    // The records went through the user's pipeline: renamed and stamped as its config says.
    const logs = new VictoriaLogsClient({ baseUrl: stack.victoriaLogsUrl });
    const ofRun = `aimon.run_id:=${JSON.stringify(report.runId)}`;
    const stored = await logs.count(ofRun);
    expect(stored).toBe(report.run.records.acknowledged);
    expect(await logs.count(`${ofRun} deployment.environment.name:=staging`)).toBe(stored);
    // Claude Code's resource carries host.arch (Codex's does not): every such record has it renamed.
    const claude = await logs.count(`${ofRun} service.name:="claude-code"`);
    expect(claude).toBeGreaterThan(0);
    expect(await logs.count(`${ofRun} host.architecture:*`)).toBe(claude);
    expect(await logs.count(`${ofRun} host.arch:*`)).toBe(0);
    // aimon started nothing and wrote no state for this stack.
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  }, 180_000);

  it('fails completeness when the user pipeline drops an event, naming the event and the missing count', async () => {
    const json = join(work, 'broken.json');
    const run = await runCli(
      [
        'verify',
        '--scenario',
        'smoke',
        '--rate',
        '300/s',
        '--duration',
        '3s',
        ...targets(broken),
        '--suites',
        'load,completeness',
        '--json',
        json,
        '--quiet',
      ],
      { timeoutMs: 170_000 },
    );
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8')) as VerifyReport;
    const toolResults = report.results.find((r) => r.id === 'completeness.event.claude_code.tool_result');
    expect(toolResults?.status).toBe('failed');
    const expected = Number(toolResults?.expected);
    expect(expected).toBeGreaterThan(0);
    expect(toolResults?.actual).toBe('0');
    expect(toolResults?.detail).toBe(
      `claude_code.tool_result: expected ${expected}, got 0 (${expected} missing)`,
    );
    // Every other event arrived: the message points at the one the filter drops.
    const otherFailures = report.results.filter(
      (r) => r.status !== 'passed' && r.id.startsWith('completeness.event.') && r !== toolResults,
    );
    expect(otherFailures.map((r) => r.id)).toEqual([]);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  }, 180_000);
});
