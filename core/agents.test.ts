import { describe, expect, it } from 'vitest';
import {
  AGENT_IDS,
  AGENTS,
  agentOfClient,
  agentOfQualifiedName,
  logsRecordFilter,
  perAgent,
  qualifiedName,
} from './agents.js';

describe('agent descriptors', () => {
  it('key every descriptor by its own id, in report order', () => {
    expect(AGENT_IDS).toEqual(['claude_code', 'codex']);
    for (const id of AGENT_IDS) expect(AGENTS[id].id).toBe(id);
  });

  it('keep the spellings users meet: scenario keys, CLI commands, service.name, session keys', () => {
    expect(AGENT_IDS.map((id) => AGENTS[id].scenarioKey)).toEqual(['claudeCode', 'codex']);
    expect(AGENT_IDS.map((id) => AGENTS[id].client)).toEqual(['claude', 'codex']);
    expect(AGENTS.claude_code.serviceName).toBe('claude-code');
    expect(AGENT_IDS.map((id) => AGENTS[id].sessionKey)).toEqual(['session.id', 'conversation.id']);
  });

  it('qualify names in the agent namespace and find the agent back from them', () => {
    expect(qualifiedName('claude_code', 'api_request')).toBe('claude_code.api_request');
    expect(agentOfQualifiedName('codex.sse_event')?.id).toBe('codex');
    expect(agentOfQualifiedName('claude_code.token.usage')?.id).toBe('claude_code');
    expect(agentOfQualifiedName('codexish.event')).toBeUndefined();
    expect(agentOfQualifiedName('flushing OTEL metrics')).toBeUndefined();
  });

  it('find the agent a CLI command runs', () => {
    expect(agentOfClient('claude').id).toBe('claude_code');
    expect(agentOfClient('codex').id).toBe('codex');
  });

  it('find every record of an agent: by service.name, or by the qualified event.name', () => {
    expect(logsRecordFilter('claude_code')).toBe('service.name:="claude-code"');
    expect(logsRecordFilter('codex')).toBe('event.name:~"^codex\\\\."');
  });

  it('build one value per agent', () => {
    expect(perAgent((id) => id.length)).toEqual({ claude_code: 11, codex: 5 });
  });
});
