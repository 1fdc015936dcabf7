/** Test helper: compares attribute lists with schema tables transcribed from telemetry.md. */
import type { SimAttributes, SimValue } from '../agent-model.js';

export type Tag = 's' | 'i' | 'd' | 'b' | 'a';
export interface AttributeSpec {
  readonly required: Readonly<Record<string, Tag>>;
  readonly optional?: Readonly<Record<string, Tag>>;
}

export function tagOf(value: SimValue): Tag {
  return Object.keys(value)[0] as Tag;
}

/** Problems (empty when the attributes match): missing keys, unknown keys, wrong value types, duplicate keys. */
export function schemaProblems(
  where: string,
  attributes: SimAttributes,
  ...specs: AttributeSpec[]
): string[] {
  const problems: string[] = [];
  const allowed = new Map<string, Tag>();
  for (const spec of specs) {
    for (const [k, t] of Object.entries(spec.required)) allowed.set(k, t);
    for (const [k, t] of Object.entries(spec.optional ?? {})) allowed.set(k, t);
  }
  const seen = new Set<string>();
  for (const [key, value] of attributes) {
    if (seen.has(key)) problems.push(`${where}: duplicate key ${key}`);
    seen.add(key);
    const expected = allowed.get(key);
    if (expected === undefined) problems.push(`${where}: unexpected key ${key}`);
    else if (tagOf(value) !== expected)
      problems.push(`${where}: ${key} is ${tagOf(value)}, expected ${expected}`);
  }
  for (const spec of specs) {
    for (const key of Object.keys(spec.required))
      if (!seen.has(key)) problems.push(`${where}: missing key ${key}`);
  }
  return problems;
}

export function attr(attributes: SimAttributes, key: string): SimValue | undefined {
  for (const [k, v] of attributes) if (k === key) return v;
  return undefined;
}

export function str(attributes: SimAttributes, key: string): string {
  const v = attr(attributes, key);
  if (!v || !('s' in v)) throw new Error(`${key} is not a string attribute`);
  return v.s;
}

export function int(attributes: SimAttributes, key: string): number {
  const v = attr(attributes, key);
  if (!v || !('i' in v)) throw new Error(`${key} is not an int attribute`);
  return v.i;
}
