/** Agent model factories by agent name: what the engine instantiates for a scenario's workload. */
import type { AgentName } from '../../core/ledger/index.js';
import type { AgentModelFactory } from './agent-model.js';
import { createClaudeCodeModel } from './claude-code/claude-code-model.js';
import { createCodexModel } from './codex/codex-model.js';

export const agentModelFactories: Record<AgentName, AgentModelFactory> = {
  claude_code: createClaudeCodeModel,
  codex: createCodexModel,
};

export { createClaudeCodeModel, createCodexModel };
