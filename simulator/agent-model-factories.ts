import type { AgentName } from '../core/ledger.js';
import type { AgentModelFactory } from './agents/agent-model.js';

/** The real agent models (simulator/agents/index.ts). Loaded lazily so the engine builds before they land. */
export async function loadAgentModelFactories(): Promise<Partial<Record<AgentName, AgentModelFactory>>> {
  const path = './agents/index.js';
  const mod = (await import(path)) as { agentModelFactories: Partial<Record<AgentName, AgentModelFactory>> };
  return mod.agentModelFactories;
}
