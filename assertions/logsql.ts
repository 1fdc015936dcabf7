/** Building blocks for LogsQL queries over one run's records. */
import { agentOfQualifiedName, qualifiedName } from '../core/agents.js';

/** A LogsQL string literal (JSON escaping is accepted by LogsQL). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Field names with characters outside [A-Za-z0-9_.] need quoting. */
export function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : quote(name);
}

export function exactFilter(field: string, value: string): string {
  return `${fieldName(field)}:=${quote(value)}`;
}

export function runFilter(runId: string): string {
  return exactFilter('aimon.run_id', runId);
}

/**
 * Records of one qualified event name. Claude Code puts the qualified name in the body (→ _msg) and the short
 * one in event.name; Codex sends no body and the qualified name in event.name (telemetry.md).
 */
export function eventFilter(qualifiedEvent: string): string {
  const agent = agentOfQualifiedName(qualifiedEvent);
  if (agent?.bodyIsQualifiedEvent) {
    return `${exactFilter('event.name', qualifiedEvent.slice(agent.id.length + 1))} ${exactFilter('_msg', qualifiedEvent)}`;
  }
  if (agent) return exactFilter('event.name', qualifiedEvent);
  // A plain log line with no event.name (e.g. Claude Code's "flushing OTEL metrics"): its body is its name.
  return exactFilter('_msg', qualifiedEvent);
}

/** What VictoriaLogs puts in _msg for a record without a body (Codex). */
const VICTORIA_LOGS_NO_MSG = 'missing _msg field';

/** The qualified event name of a stored row, from its _msg and event.name (inverse of eventFilter). */
export function qualifiedEventOf(msg: string | undefined, eventName: string | undefined): string {
  const bodyAgent = msg === undefined ? undefined : agentOfQualifiedName(msg);
  const inBody = bodyAgent?.bodyIsQualifiedEvent === true;
  if (bodyAgent && inBody && eventName && msg === qualifiedName(bodyAgent.id, eventName)) return msg;
  const nameAgent = eventName === undefined ? undefined : agentOfQualifiedName(eventName);
  if (eventName && nameAgent && !nameAgent.bodyIsQualifiedEvent) return eventName;
  if (!eventName && msg && !msg.startsWith(VICTORIA_LOGS_NO_MSG)) return msg;
  if (inBody) return `${msg} (event.name ${JSON.stringify(eventName ?? '')})`;
  return eventName ? `(unqualified) ${eventName}` : '(no event.name)';
}

export function whereFilters(where: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(where ?? {})
    .map(([field, value]) => exactFilter(field, value))
    .join(' ');
}
