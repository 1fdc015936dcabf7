import type { WorkloadProfile } from '../../../simulator/agents/agent-model.js';
import { ENGINE_DEFAULTS, type SimulationConfig } from '../../../simulator/simulation-config.js';

const profile: WorkloadProfile = {
  seed: 1,
  users: 3,
  teams: ['a'],
  concurrentSessions: 2,
  promptsPerSession: [1, 2],
  models: [
    { value: 'claude-sonnet-4-5', weight: 1 },
    { value: 'claude-opus-4-5', weight: 1 },
  ],
  tools: [{ value: 'Bash', weight: 1 }],
  apiErrorRate: 0,
  toolRejectRate: 0,
  toolFailureRate: 0,
  logPrompts: false,
};

/** A small max-rate config for engine tests; override what the test is about. */
export function testConfig(overrides: Partial<SimulationConfig> = {}): SimulationConfig {
  return {
    runId: 'test-run',
    seed: 1,
    scenario: 'test',
    stages: null,
    targetPerSec: null,
    durationMs: Infinity,
    count: 100,
    agentShare: { claude_code: 1, codex: 0 },
    profiles: { claude_code: profile, codex: profile },
    protocol: 'grpc',
    endpoint: '127.0.0.1:1',
    headers: {},
    tls: {},
    runTags: true,
    temporality: 'delta',
    metricIntervalMs: 1000,
    faults: { withhold: [], duplicate: [] },
    maxInFlight: ENGINE_DEFAULTS.maxInFlight,
    maxBatchSize: 16,
    batchDelayMs: ENGINE_DEFAULTS.batchDelayMs,
    missAfterMs: ENGINE_DEFAULTS.missAfterMs,
    maxQueuedRecords: ENGINE_DEFAULTS.maxQueuedRecords,
    exportTimeoutMs: 2000,
    retry: { retryForMs: 100, initialBackoffMs: 10, maxBackoffMs: 50 },
    ...overrides,
  };
}
