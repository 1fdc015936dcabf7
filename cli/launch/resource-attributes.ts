/**
 * OTEL_RESOURCE_ATTRIBUTES handling (W3C-baggage-like "k1=v1,k2=v2", values percent-encoded per the OTel spec).
 * The user's existing value is kept; aimon's additions (--team, --resource-attribute) win on the same key.
 */
import { UserError } from '../../core/errors.js';

export type ResourceAttributes = ReadonlyArray<readonly [string, string]>;

export function parseResourceAttributes(text: string | undefined): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const part of (text ?? '').split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue; // the SDKs ignore malformed entries; so do we
    result.push([trimmed.slice(0, eq).trim(), safeDecode(trimmed.slice(eq + 1).trim())]);
  }
  return result;
}

/** Parses one "--resource-attribute key=value" flag. */
export function parseAttributeFlag(flag: string): [string, string] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new UserError(`--resource-attribute expects key=value (got "${flag}")`);
  const key = flag.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(key))
    throw new UserError(`--resource-attribute key "${key}" may use only letters, digits, _ . -`);
  return [key, flag.slice(eq + 1)];
}

export function mergeResourceAttributes(
  base: ResourceAttributes,
  additions: ResourceAttributes,
): Array<[string, string]> {
  const merged = new Map<string, string>(base.map(([k, v]) => [k, v]));
  for (const [k, v] of additions) merged.set(k, v);
  return [...merged];
}

export function formatResourceAttributes(attributes: ResourceAttributes): string {
  return attributes.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
