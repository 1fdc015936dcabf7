/**
 * A real local OTLP receiver for tests and the bench: gRPC (@grpc/grpc-js) and HTTP/protobuf, decoding every
 * request with the OTLP protos (protobufjs), counting log records by aimon.seq per aimon.run_id and catching
 * duplicates. Runs in-process (startOtlpSink) or as a child process (spawnOtlpSinkProcess) so decoding does not
 * compete with the sender for the same core. stop() drops its listeners and connections as a crashed receiver
 * would, keeping every count; start() listens again on the same ports (outage tests).
 */
import { spawn } from 'node:child_process';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { projectRoot } from '../../../core/paths.js';
import {
  decodeLogsRequest,
  decodeMetricsRequest,
  type OtlpLogsJson,
  type OtlpMetricsJson,
} from '../pure/otlp-protos.js';
import { countMetricPoints, walkLogRecords } from '../pure/otlp-wire-walk.js';

export type SinkFailureMode = 'none' | 'unavailable' | 'invalid-argument';

export interface RunSeqStats {
  /** Log records received with this run id (duplicates included). */
  records: number;
  /** Distinct aimon.seq values. */
  unique: number;
  /** Records received more than once (count of extra copies). */
  duplicateRecords: number;
  /** Seq values seen more than once (first 1000). */
  duplicateSeqs: number[];
  minSeq: number;
  maxSeq: number;
}

export interface OtlpSinkStats {
  logRequests: number;
  logRecords: number;
  /** Serialised OTLP logs request bytes received (uncompressed protobuf), for the bench's bytes per record. */
  logBytes: number;
  metricRequests: number;
  metricPoints: number;
  /** Records without aimon.run_id / aimon.seq. */
  untagged: number;
  runs: Record<string, RunSeqStats>;
}

export interface OtlpSinkOptions {
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  /** Keep every decoded request as protojson-like objects (tests); off for the bench. */
  keepRequests?: boolean;
}

/** Counts per seq in a growable byte array (a bitmap that also counts to 255). */
class SeqTracker {
  private counts = new Uint8Array(1024);
  records = 0;
  unique = 0;
  duplicateRecords = 0;
  duplicateSeqs: number[] = [];
  minSeq = Infinity;
  maxSeq = -Infinity;

  add(seq: number): void {
    if (seq >= this.counts.length) {
      let size = this.counts.length * 2;
      while (size <= seq) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.counts);
      this.counts = next;
    }
    this.records++;
    const c = this.counts[seq]!;
    if (c === 0) this.unique++;
    else {
      this.duplicateRecords++;
      if (c === 1 && this.duplicateSeqs.length < 1000) this.duplicateSeqs.push(seq);
    }
    if (c < 255) this.counts[seq] = c + 1;
    if (seq < this.minSeq) this.minSeq = seq;
    if (seq > this.maxSeq) this.maxSeq = seq;
  }

  /** The distinct seqs seen, as [first, last] ranges. */
  ranges(): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (let seq = 0; seq < this.counts.length; seq++) {
      if (this.counts[seq] === 0) continue;
      const last = ranges.at(-1);
      if (last && last[1] === seq - 1) last[1] = seq;
      else ranges.push([seq, seq]);
    }
    return ranges;
  }

  stats(): RunSeqStats {
    return {
      records: this.records,
      unique: this.unique,
      duplicateRecords: this.duplicateRecords,
      duplicateSeqs: [...this.duplicateSeqs],
      minSeq: this.minSeq,
      maxSeq: this.maxSeq,
    };
  }
}

const identity = (b: Buffer): Buffer => b;
const service = (path: string): grpc.ServiceDefinition => ({
  Export: {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
});

function zeroCounters(): Omit<OtlpSinkStats, 'runs'> {
  return { logRequests: 0, logRecords: 0, logBytes: 0, metricRequests: 0, metricPoints: 0, untagged: 0 };
}

export class OtlpSink {
  grpcEndpoint = '';
  httpEndpoint = '';
  readonly logRequests: OtlpLogsJson[] = [];
  readonly metricRequests: OtlpMetricsJson[] = [];
  private failure: SinkFailureMode = 'none';
  private counters = zeroCounters();
  private runs = new Map<string, SeqTracker>();
  private grpcServer: grpc.Server | undefined;
  private httpServer: HttpServer;
  private ports: { grpc: number; http: number } | undefined;

  constructor(private readonly options: OtlpSinkOptions = {}) {
    this.httpServer = createServer((req, res) => this.onHttp(req, res));
  }

  /** Listens (again, after stop(): on the same ports). */
  async start(): Promise<this> {
    const host = this.options.host ?? '127.0.0.1';
    this.grpcServer = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
    this.grpcServer.addService(service('/opentelemetry.proto.collector.logs.v1.LogsService/Export'), {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
        this.answerGrpc(() => this.onLogs(call.request), callback),
    });
    this.grpcServer.addService(service('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'), {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
        this.answerGrpc(() => this.onMetrics(call.request), callback),
    });
    const grpcServer = this.grpcServer;
    const grpcPort = await new Promise<number>((resolve, reject) =>
      grpcServer.bindAsync(
        `${host}:${this.ports?.grpc ?? this.options.grpcPort ?? 0}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.grpcEndpoint = `${host}:${grpcPort}`;
    await new Promise<void>((resolve) =>
      this.httpServer.listen(this.ports?.http ?? this.options.httpPort ?? 0, host, resolve),
    );
    const address = this.httpServer.address();
    const httpPort = typeof address === 'object' && address ? address.port : 0;
    this.httpEndpoint = `http://${host}:${httpPort}`;
    this.ports = { grpc: grpcPort, http: httpPort };
    return this;
  }

  /** Stops listening and drops every connection at once (requests in progress get no answer); counts stay. */
  async stop(): Promise<void> {
    this.grpcServer?.forceShutdown();
    this.grpcServer = undefined;
    this.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  /** Distinct aimon.seq ranges received for a run. */
  seqRanges(runId: string): Array<[number, number]> {
    return this.runs.get(runId)?.ranges() ?? [];
  }

  /** Makes every following request fail (retryable UNAVAILABLE / 503, or permanent INVALID_ARGUMENT / 400). */
  setFailure(mode: SinkFailureMode): void {
    this.failure = mode;
  }

  stats(): OtlpSinkStats {
    const runs: Record<string, RunSeqStats> = {};
    for (const [runId, tracker] of this.runs) runs[runId] = tracker.stats();
    return { ...this.counters, runs };
  }

  run(runId: string): RunSeqStats {
    return (this.runs.get(runId) ?? new SeqTracker()).stats();
  }

  reset(): void {
    this.counters = zeroCounters();
    this.runs.clear();
    this.logRequests.length = 0;
    this.metricRequests.length = 0;
  }

  async close(): Promise<void> {
    const grpcServer = this.grpcServer;
    if (grpcServer) {
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
      grpcServer.forceShutdown();
    }
    if (!this.httpServer.listening) return;
    this.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
  }

  private answerGrpc(handle: () => void, callback: grpc.sendUnaryData<Buffer>): void {
    if (this.failure === 'unavailable')
      return callback({ code: grpc.status.UNAVAILABLE, details: 'sink set to fail' });
    if (this.failure === 'invalid-argument')
      return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'sink set to fail' });
    try {
      handle();
      callback(null, Buffer.alloc(0));
    } catch (error) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: `cannot decode: ${(error as Error).message}` });
    }
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply = (status: number, text = ''): void => {
        res.writeHead(status, { 'content-type': status === 200 ? 'application/x-protobuf' : 'text/plain' });
        res.end(text);
      };
      if (req.method !== 'POST' || (req.url !== '/v1/logs' && req.url !== '/v1/metrics'))
        return reply(404, 'not found');
      if (this.failure === 'unavailable') return reply(503, 'sink set to fail');
      if (this.failure === 'invalid-argument') return reply(400, 'sink set to fail');
      if (!String(req.headers['content-type']).startsWith('application/x-protobuf'))
        return reply(415, 'protobuf only');
      try {
        if (req.url === '/v1/logs') this.onLogs(body);
        else this.onMetrics(body);
        reply(200);
      } catch (error) {
        reply(400, `cannot decode: ${(error as Error).message}`);
      }
    });
  }

  private onLogs(bytes: Buffer): void {
    this.counters.logRequests++;
    this.counters.logBytes += bytes.length;
    if (!this.options.keepRequests) {
      // Counting only (the bench): a structural walk of the wire format, no objects per record.
      walkLogRecords(bytes, (runId, seq) => this.count(runId, seq));
      return;
    }
    const request = decodeLogsRequest(bytes);
    for (const rl of request.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const record of sl.logRecords ?? []) {
          let runId: string | undefined;
          let seq: number | undefined;
          for (const kv of record.attributes ?? []) {
            if (kv.key === 'aimon.run_id') runId = kv.value?.stringValue;
            else if (kv.key === 'aimon.seq' && kv.value?.intValue !== undefined)
              seq = Number(kv.value.intValue);
          }
          this.count(runId, seq);
        }
      }
    }
    this.logRequests.push(request);
  }

  private count(runId: string | undefined, seq: number | undefined): void {
    this.counters.logRecords++;
    if (runId === undefined || seq === undefined) {
      this.counters.untagged++;
      return;
    }
    let tracker = this.runs.get(runId);
    if (!tracker) this.runs.set(runId, (tracker = new SeqTracker()));
    tracker.add(seq);
  }

  private onMetrics(bytes: Buffer): void {
    if (!this.options.keepRequests) {
      // Counting only (the bench): a structural walk, as for logs.
      this.counters.metricRequests++;
      this.counters.metricPoints += countMetricPoints(bytes);
      return;
    }
    const request = decodeMetricsRequest(bytes);
    this.counters.metricRequests++;
    for (const rm of request.resourceMetrics ?? [])
      for (const sm of rm.scopeMetrics ?? [])
        for (const m of sm.metrics ?? [])
          this.counters.metricPoints +=
            (m.sum?.dataPoints?.length ?? 0) +
            (m.histogram?.dataPoints?.length ?? 0) +
            (m.gauge?.dataPoints?.length ?? 0);
    this.metricRequests.push(request);
  }
}

export async function startOtlpSink(options: OtlpSinkOptions = {}): Promise<OtlpSink> {
  return new OtlpSink(options).start();
}

/** The sink in its own process (its own core): endpoints, and stats fetched over its stdin/stdout. */
export interface OtlpSinkProcess {
  grpcEndpoint: string;
  httpEndpoint: string;
  stats(): Promise<OtlpSinkStats>;
  reset(): Promise<void>;
  /** Drops the listeners and connections (an outage); start() listens again on the same ports. */
  stop(): Promise<void>;
  start(): Promise<void>;
  seqRanges(runId: string): Promise<Array<[number, number]>>;
  close(): Promise<void>;
}

export async function spawnOtlpSinkProcess(): Promise<OtlpSinkProcess> {
  // Under vitest this module is TypeScript: the child runs its compiled copy (`npm test` builds first).
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.ts')
    ? join(projectRoot(), 'dist', 'test', 'support', 'live', 'otlp-sink.js')
    : here;
  const child = spawn(process.execPath, [script, '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`otlp sink process exited (${code})`)));
    });
  const ready = JSON.parse(await nextLine()) as { grpc: string; http: string };
  const ask = async (command: string): Promise<string> => {
    const line = nextLine();
    child.stdin!.write(`${command}\n`);
    return line;
  };
  return {
    grpcEndpoint: ready.grpc,
    httpEndpoint: ready.http,
    stats: async () => JSON.parse(await ask('stats')) as OtlpSinkStats,
    reset: async () => void (await ask('reset')),
    stop: async () => void (await ask('stop')),
    start: async () => void (await ask('start')),
    seqRanges: async (runId) => JSON.parse(await ask(`seqs ${runId}`)) as Array<[number, number]>,
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin!.end('exit\n');
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const sink = await startOtlpSink();
  process.stdout.write(`${JSON.stringify({ grpc: sink.grpcEndpoint, http: sink.httpEndpoint })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'stats') process.stdout.write(`${JSON.stringify(sink.stats())}\n`);
    else if (line === 'reset') {
      sink.reset();
      process.stdout.write('{}\n');
    } else if (line === 'stop' || line === 'start') {
      await (line === 'stop' ? sink.stop() : sink.start());
      process.stdout.write('{}\n');
    } else if (line.startsWith('seqs ')) {
      process.stdout.write(`${JSON.stringify(sink.seqRanges(line.slice(5)))}\n`);
    } else if (line === 'exit') break;
  }
  await sink.close();
  process.exit(0);
}

const invokedDirectly = ((): boolean => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly && process.argv.includes('--serve')) void serve();
