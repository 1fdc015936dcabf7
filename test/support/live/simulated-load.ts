import type { StackEndpoints } from '../../../core/endpoints.js';
import type { RunLedger } from '../../../core/ledger/index.js';
import {
  resolveSimulationFlags as resolveSimulationConfig,
  type SimulationFlags as SimulationOverrides,
} from '../../../cli/options/simulate-flags.js';
import { runSimulation } from '../../../simulator/run-simulation.js';

/** A load function for verifyLive(): the real simulator against the given stack over gRPC. */
export function simulatedLoad(
  endpoints: StackEndpoints,
  overrides: SimulationOverrides,
): () => Promise<RunLedger> {
  return async () => {
    const config = await resolveSimulationConfig({
      scenario: 'smoke',
      protocol: 'grpc',
      endpoint: endpoints.otlpGrpc,
      ...overrides,
    });
    const result = await runSimulation(config);
    return result.ledger;
  };
}
