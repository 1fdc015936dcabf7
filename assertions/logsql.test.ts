import { describe, expect, it } from 'vitest';
import { eventFilter, qualifiedEventOf } from './logsql.js';

describe('event filters', () => {
  it('find Claude Code records by body and short event.name, Codex records by qualified event.name', () => {
    expect(eventFilter('claude_code.api_request')).toBe(
      'event.name:="api_request" _msg:="claude_code.api_request"',
    );
    expect(eventFilter('codex.sse_event')).toBe('event.name:="codex.sse_event"');
    expect(eventFilter('flushing OTEL metrics')).toBe('_msg:="flushing OTEL metrics"');
  });

  it('name a stored row the way the ledger counts it', () => {
    expect(qualifiedEventOf('claude_code.api_request', 'api_request')).toBe('claude_code.api_request');
    expect(qualifiedEventOf('missing _msg field', 'codex.sse_event')).toBe('codex.sse_event');
    expect(qualifiedEventOf('flushing OTEL metrics', undefined)).toBe('flushing OTEL metrics');
    expect(qualifiedEventOf('claude_code.api_request', 'api_error')).toBe(
      'claude_code.api_request (event.name "api_error")',
    );
    expect(qualifiedEventOf('missing _msg field', 'api_request')).toBe('(unqualified) api_request');
    expect(qualifiedEventOf('missing _msg field', undefined)).toBe('(no event.name)');
  });
});
