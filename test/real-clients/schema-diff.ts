/**
 * Compares the simulator's telemetry shape with the real clients'. A difference is anything a consumer could
 * tell apart: a real event or metric the simulator never sends, a key missing or extra, a different value
 * type, body/event.name placement, severity, time convention, unit, kind, temporality, scope or resource key.
 * Allowed: aimon.* keys, and keys the real clients emit only under conditions the capture did not provoke
 * (each listed with its reason in CONDITIONAL_KEYS).
 */
import type { KeyTypes, TelemetryShape, ValueType } from './telemetry-shape.js';

export interface Difference {
  readonly where: string;
  readonly what: string;
}

/** key → why the real client emits it only conditionally. Scoped as "<event or metric>|<key>" or "*|<key>". */
export const CONDITIONAL_KEYS: Readonly<Record<string, string>> = {
  '*|organization.id': 'Claude Code: only with an OAuth (claude.ai) login; the capture uses an API key',
  '*|user.account_uuid': 'Claude Code: only with an OAuth login',
  '*|user.account_id': 'Claude Code / Codex: only with an OAuth / ChatGPT login',
  '*|user.email': 'Claude Code / Codex: only with an OAuth / ChatGPT login',
  '*|auth_mode': 'Codex: only with a ChatGPT login',
  'claude_code.tool_result|error_type':
    'Claude Code: on a failed tool (telemetry.md); a Bash command exiting non-zero in -p mode did not produce it in the capture',
  'claude_code.tool_result|error': 'Claude Code: with error_type, on a failed tool',
  'codex.api_request|auth.request_id':
    'Codex: on a failed attempt only when the error response carries a request id',
};

function isAllowedExtra(scope: string, key: string): boolean {
  return key.startsWith('aimon.') || `*|${key}` in CONDITIONAL_KEYS || `${scope}|${key}` in CONDITIONAL_KEYS;
}

function formatTypes(types: Set<ValueType> | undefined): string {
  return types ? [...types].sort().join('|') : '-';
}

function compareKeys(where: string, scope: string, real: KeyTypes, sim: KeyTypes, out: Difference[]): void {
  for (const [key, realTypes] of real.types) {
    if (key.startsWith('aimon.')) continue;
    const simTypes = sim.types.get(key);
    if (!simTypes)
      out.push({
        where,
        what: `key "${key}" (${formatTypes(realTypes)}) sent by the real client, never by the simulator`,
      });
    else if (formatTypes(simTypes) !== formatTypes(realTypes)) {
      out.push({
        where,
        what: `key "${key}" type: real ${formatTypes(realTypes)}, simulator ${formatTypes(simTypes)}`,
      });
    }
  }
  for (const [key, simTypes] of sim.types) {
    if (real.types.has(key) || isAllowedExtra(scope, key)) continue;
    out.push({
      where,
      what: `key "${key}" (${formatTypes(simTypes)}) sent by the simulator, never by the real client`,
    });
  }
}

function compareSets(
  where: string,
  label: string,
  real: Set<string>,
  sim: Set<string>,
  out: Difference[],
): void {
  const r = [...real].sort();
  const s = [...sim].sort();
  for (const fact of r)
    if (!sim.has(fact))
      out.push({ where, what: `${label}: real "${fact}" not in simulator (${s.join('; ')})` });
  for (const fact of s)
    if (!real.has(fact))
      out.push({ where, what: `${label}: simulator "${fact}" never seen from the real client` });
}

export interface DiffOptions {
  /** Only compare these agents (the capture may lack one). */
  readonly agents: ReadonlyArray<'claude_code' | 'codex'>;
}

export function diffShapes(real: TelemetryShape, sim: TelemetryShape, options: DiffOptions): Difference[] {
  const out: Difference[] = [];
  for (const [key, realLog] of real.logs) {
    if (!options.agents.includes(realLog.agent as 'claude_code' | 'codex')) continue;
    const simLog = sim.logs.get(key);
    const where = `log ${key}`;
    if (!simLog) {
      out.push({ where, what: `sent by the real client (${realLog.count}×), never by the simulator` });
      continue;
    }
    compareSets(where, 'scope', realLog.scopes, simLog.scopes, out);
    compareSets(where, 'placement', realLog.facts, simLog.facts, out);
    compareKeys(where, key, realLog, simLog, out);
  }
  for (const [key, realMetric] of real.metrics) {
    if (!options.agents.includes(realMetric.agent as 'claude_code' | 'codex')) continue;
    const simMetric = sim.metrics.get(key);
    const where = `metric ${key}`;
    if (!simMetric) {
      out.push({ where, what: 'sent by the real client, never by the simulator' });
      continue;
    }
    compareSets(where, 'scope', realMetric.scopes, simMetric.scopes, out);
    compareSets(where, 'shape', realMetric.facts, simMetric.facts, out);
    compareKeys(where, key, realMetric, simMetric, out);
  }
  for (const [key, realResource] of real.resources) {
    if (!options.agents.some((agent) => key.startsWith(`${agent}/`))) continue;
    const simResource = sim.resources.get(key);
    const where = `resource ${key}`;
    if (!simResource) out.push({ where, what: 'the simulator sends no such resource' });
    else compareKeys(where, key, realResource, simResource, out);
  }
  return out;
}

/** Events / metrics the simulator sends that the captured real sessions did not provoke (not compared). */
export function notCovered(real: TelemetryShape, sim: TelemetryShape): string[] {
  return [
    ...[...sim.logs.keys()].filter((k) => !real.logs.has(k)).map((k) => `log ${k}`),
    ...[...sim.metrics.keys()].filter((k) => !real.metrics.has(k)).map((k) => `metric ${k}`),
  ].sort();
}

export function formatDifferences(differences: readonly Difference[]): string {
  const byWhere = new Map<string, string[]>();
  for (const d of differences) byWhere.set(d.where, [...(byWhere.get(d.where) ?? []), d.what]);
  return [...byWhere]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([where, whats]) => `${where}\n${whats.map((w) => `  - ${w}`).join('\n')}`)
    .join('\n');
}
