/**
 * Starts the record generator in a worker thread (the default: building and encoding records then runs on a core
 * of its own while the caller sends) or in the caller's thread (tests with fake models or a manual clock, and
 * when the compiled worker script is not there, e.g. running from TypeScript sources).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../core/errors.js';
import type { AgentName } from '../../core/ledger/index.js';
import type { AgentModelFactory } from '../agents/agent-model.js';
import type { Clock } from '../clock.js';
import type { SimulationConfig } from '../simulation-config.js';
import type { GeneratorWorkerData } from './generator-worker.js';
import type { GeneratorMessage, TransportMessage } from './generator-protocol.js';
import { RecordGenerator, type PayloadFormat } from './record-generator.js';

export interface GeneratorHandle {
  /** 'worker' or 'main': where records are built (shown for diagnostics). */
  readonly thread: 'worker' | 'main';
  send(message: TransportMessage): void;
  /** Resolves when the generator has finished (after its 'done' message), rejects on a crash. */
  readonly finished: Promise<void>;
  close(): Promise<void>;
}

const WORKER_SCRIPT = new URL('./generator-worker.js', import.meta.url);

/**
 * Young generation of the worker (V8 splits it in three: two 64 MiB semi-spaces and the large-object space). Records
 * wait in a batch until it is encoded, so they survive scavenges: fewer, larger scavenges copy them less often.
 */
const WORKER_YOUNG_GENERATION_MB = 192;

export function workerScriptAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_SCRIPT));
}

export function startGeneratorWorker(
  config: SimulationConfig,
  payloadFormat: PayloadFormat,
  metricSeriesPath: string,
  onMessage: (message: GeneratorMessage) => void,
): GeneratorHandle {
  const workerData: GeneratorWorkerData = { config, payloadFormat, metricSeriesPath };
  const worker = new Worker(WORKER_SCRIPT, {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: GeneratorMessage) => {
      try {
        onMessage(message);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (message.type === 'done') resolve();
      else if (message.type === 'error')
        reject(message.userError ? new UserError(message.message) : new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`record generator thread exited early (code ${code})`)));
  });
  return {
    thread: 'worker',
    send: (message) => worker.postMessage(message),
    finished,
    close: async () => {
      await worker.terminate();
    },
  };
}

export function startGeneratorInThread(
  config: SimulationConfig,
  payloadFormat: PayloadFormat,
  factories: Partial<Record<AgentName, AgentModelFactory>>,
  clock: Clock,
  metricSeriesPath: string,
  onMessage: (message: GeneratorMessage) => void,
): GeneratorHandle {
  const generator = new RecordGenerator(config, factories, payloadFormat, onMessage, clock, metricSeriesPath);
  return {
    thread: 'main',
    send: (message) => {
      if (message.type === 'settled') generator.settled(message.signal, message.id, message.acknowledged);
      else generator.stop();
    },
    finished: generator.run(),
    close: async () => undefined,
  };
}
