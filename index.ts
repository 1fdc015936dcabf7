/**
 * aimon as a library: the simulator, the verifier and the native stack, with typed config objects. The CLI is a thin
 * layer over these functions (cli/commands/simulate.ts, verify.ts).
 */
export { simulate, resolveSimulation, type SimulateControls, type SimulateResult } from './api/simulate.js';
export { verify, type VerifyInput, type VerifyLedgerInput, type VerifyScenarioInput } from './api/verify.js';
export { targetsOfStack, type VerifyTargets } from './api/verify-targets.js';
export { startStack, stopStack, type RunningStack, type StartStackOptions } from './api/stack.js';
export { loadScenario, type LoadedScenario } from './scenarios/load-scenario.js';
export type { Scenario } from './scenarios/scenario-schema.js';
export { readLedgerFile as readLedger, readLedgerFiles as readLedgers } from './core/ledger/index.js';
export { DEFAULT_SUITES } from './assertions/default-suites.js';
export type { SimulationOptions, OtlpTarget } from './simulator/simulation-options.js';
export type { SimulationConfig } from './simulator/simulation-config.js';
export type { SimulationProgress } from './simulator/run-simulation.js';
export type { TlsOptions } from './simulator/sinks/sink.js';
export type { BackendTarget, BackendTls } from './assertions/backends/backend-access.js';
export type { VerifyReport } from './assertions/verify-report.js';
export type { AssertionResult, AssertionStatus } from './assertions/assertion.js';
export type { Suite } from './assertions/suite.js';
export type { RunLedger } from './core/ledger/index.js';
export type { StackEndpoints, StackPorts } from './core/endpoints.js';
export { UserError, StackError } from './core/errors.js';
