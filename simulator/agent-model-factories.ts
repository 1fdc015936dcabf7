import type { AgentName } from '../core/ledger.js';
import type { AgentModelFactory } from './agents/agent-model.js';
import { agentModelFactories } from './agents/index.js';

/** The real agent models (simulator/agents/index.ts). */
export async function loadAgentModelFactories(): Promise<Partial<Record<AgentName, AgentModelFactory>>> {
  return agentModelFactories;
}
