/** Worker-thread entry: runs a RecordGenerator and exchanges GeneratorMessage/TransportMessage with the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../../core/errors.js';
import { agentModelFactories } from '../agents/index.js';
import { systemClock } from '../clock.js';
import type { SimulationConfig } from '../simulation-config.js';
import type { GeneratorMessage, TransportMessage } from './generator-protocol.js';
import { RecordGenerator, type PayloadFormat } from './record-generator.js';

export interface GeneratorWorkerData {
  config: SimulationConfig;
  payloadFormat: PayloadFormat;
  metricSeriesPath: string;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('generator-worker must run in a worker thread');
  const { config, payloadFormat, metricSeriesPath } = workerData as GeneratorWorkerData;
  const post = (message: GeneratorMessage, transfer?: ArrayBuffer[]): void =>
    port.postMessage(message, transfer ?? []);
  try {
    const generator = new RecordGenerator(
      config,
      agentModelFactories,
      payloadFormat,
      post,
      systemClock,
      metricSeriesPath,
    );
    port.on('message', (message: TransportMessage) => {
      if (message.type === 'settled') generator.settled(message.signal, message.id, message.acknowledged);
      else generator.stop();
    });
    await generator.run();
  } catch (error) {
    post({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      userError: error instanceof UserError,
    });
  }
}

void main();
