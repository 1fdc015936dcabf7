import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { generateRunId } from '../core/run-id.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { resolveSimulationConfig } from '../simulator/resolve-simulation-config.js';
import {
  runSimulation,
  type SimulationProgress,
  type SimulationResult,
} from '../simulator/run-simulation.js';
import type { SimulationConfig } from '../simulator/simulation-config.js';
import type { SimulationOptions } from '../simulator/simulation-options.js';
import { WORKLOAD_DEFAULTS } from '../simulator/workload-defaults.js';

export interface SimulateControls {
  /** Stops the run like Ctrl-C: no new records, in-flight exports settle, the ledger is written. */
  signal?: AbortSignal;
  onProgress?(progress: SimulationProgress): void;
  /** Called once the options are resolved (run id, rate plan, endpoint), before anything is sent. */
  onResolved?(config: SimulationConfig): void;
}

/** The run's outcome: its ledger (the ground truth for verify), exit code, errors, and the config it ran with. */
export interface SimulateResult extends SimulationResult {
  config: SimulationConfig;
}

/**
 * Resolves typed options against their scenario (loaded when given by name or file) into the run's config. The
 * library's edge: the run id is generated here when none is given and relative paths are taken from the working
 * directory, so that scenario resolution itself stays pure.
 */
export async function resolveSimulation(options: SimulationOptions = {}): Promise<SimulationConfig> {
  const { scenario: given, ...rest } = options;
  const scenario =
    typeof given === 'object' ? given : await loadScenario(given ?? WORKLOAD_DEFAULTS.scenario);
  if (rest.shard && rest.shard.count > 1 && rest.runId === undefined)
    throw new UserError(
      `--shard ${rest.shard.index}/${rest.shard.count} needs --run-id: every shard of a run must carry the same one, so that one verify covers them`,
    );
  return resolveSimulationConfig(scenario, {
    ...rest,
    runId: rest.runId ?? generateRunId(),
    ...(rest.output !== undefined ? { output: resolve(rest.output) } : {}),
    ...(rest.ledgerFile !== undefined ? { ledgerFile: resolve(rest.ledgerFile) } : {}),
  });
}

/**
 * Sends a scenario's telemetry to `options.target` (or writes it to `options.output`) and returns the result with its
 * ledger. Throws UserError for bad options and StackError when nothing answers at the target before anything is sent.
 */
export async function simulate(
  options: SimulationOptions,
  controls: SimulateControls = {},
): Promise<SimulateResult> {
  return runResolvedSimulation(await resolveSimulation(options), controls);
}

/** Runs a config resolveSimulation made (verify resolves first, to read the scenario's thresholds). */
export async function runResolvedSimulation(
  config: SimulationConfig,
  controls: SimulateControls = {},
): Promise<SimulateResult> {
  controls.onResolved?.(config);
  const result = await runSimulation(config, {
    ...(controls.signal ? { signal: controls.signal } : {}),
    ...(controls.onProgress ? { onProgress: controls.onProgress } : {}),
  });
  return { ...result, config };
}
