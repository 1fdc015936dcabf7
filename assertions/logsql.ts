/** Building blocks for LogsQL queries over one run's records. */

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
  if (qualifiedEvent.startsWith('claude_code.')) {
    return `${exactFilter('event.name', qualifiedEvent.slice('claude_code.'.length))} ${exactFilter('_msg', qualifiedEvent)}`;
  }
  if (qualifiedEvent.startsWith('codex.')) return exactFilter('event.name', qualifiedEvent);
  // A plain log line with no event.name (e.g. Claude Code's "flushing OTEL metrics"): its body is its name.
  return exactFilter('_msg', qualifiedEvent);
}

/** What VictoriaLogs puts in _msg for a record without a body (Codex). */
const VICTORIA_LOGS_NO_MSG = 'missing _msg field';

/** The qualified event name of a stored row, from its _msg and event.name (inverse of eventFilter). */
export function qualifiedEventOf(msg: string | undefined, eventName: string | undefined): string {
  if (msg?.startsWith('claude_code.') && eventName && msg === `claude_code.${eventName}`) return msg;
  if (eventName?.startsWith('codex.')) return eventName;
  if (!eventName && msg && !msg.startsWith(VICTORIA_LOGS_NO_MSG)) return msg;
  if (msg?.startsWith('claude_code.')) return `${msg} (event.name ${JSON.stringify(eventName ?? '')})`;
  return eventName ? `(unqualified) ${eventName}` : '(no event.name)';
}

export function whereFilters(where: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(where ?? {})
    .map(([field, value]) => exactFilter(field, value))
    .join(' ');
}
