import { AGENT_IDS, AGENTS } from '../../core/agents.js';
import type { SimAttributes, SimValue } from '../agents/agent-model.js';
import { ProtoWriter, varintSize } from './proto-writer.js';

// Field numbers from opentelemetry/proto/common/v1/common.proto.
const ANY_STRING = 1;
const ANY_BOOL = 2;
const ANY_INT = 3;
const ANY_DOUBLE = 4;
const ANY_ARRAY = 5;
const KV_KEY = 1;
const KV_VALUE = 2;

/**
 * Keys whose values stay the same over many records (a user's or session's identity): their whole KeyValue body
 * is cached by value, so the long ids are copied as bytes instead of being encoded again on every record.
 */
const STABLE_KEYS = new Set([
  ...AGENT_IDS.flatMap((agent) => [AGENTS[agent].sessionKey, ...AGENTS[agent].userKeys]),
  'organization.id',
  'user.account_uuid',
  'prompt.id',
  'terminal.type',
  'model',
  'slug',
  'app.version',
  'originator',
]);
/**
 * Values per key kept in each of the cache's two generations. Ids live as long as their session or prompt: when the
 * current generation is full it becomes the previous one (values still in use move back on their next lookup) and
 * the older one is dropped, so memory stays bounded without a full flush in the middle of busy sessions.
 */
const STABLE_GENERATION_SIZE = 2048;

/** String value → KeyValue body (key and value fields), in two generations. */
class StableBodies {
  private current = new Map<string, Buffer>();
  private previous = new Map<string, Buffer>();

  get(value: string): Buffer | undefined {
    const body = this.current.get(value);
    if (body !== undefined) return body;
    const old = this.previous.get(value);
    if (old !== undefined) this.set(value, old);
    return old;
  }

  set(value: string, body: Buffer): void {
    if (this.current.size >= STABLE_GENERATION_SIZE) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(value, body);
  }
}

interface KeyInfo {
  /** `key` field of a KeyValue (tag + length + UTF-8). */
  readonly bytes: Buffer;
  /** Cached KeyValue bodies by string value, for STABLE_KEYS. */
  readonly stable: StableBodies | undefined;
}

const keyInfos = new Map<string, KeyInfo>();

function keyInfo(key: string): KeyInfo {
  let info = keyInfos.get(key);
  if (!info) {
    const w = new ProtoWriter(64);
    w.string(KV_KEY, key);
    info = { bytes: w.finish(), stable: STABLE_KEYS.has(key) ? new StableBodies() : undefined };
    if (keyInfos.size < 10_000) keyInfos.set(key, info);
  }
  return info;
}

function stableBody(info: KeyInfo, value: string): Buffer {
  const cache = info.stable!;
  let body = cache.get(value);
  if (!body) {
    const w = new ProtoWriter(128);
    w.raw(info.bytes);
    w.tag(KV_VALUE, 2);
    w.varint(1 + varintSize(Buffer.byteLength(value)) + Buffer.byteLength(value));
    w.string(ANY_STRING, value);
    body = w.finish();
    cache.set(value, body);
  }
  return body;
}

export function writeAnyValue(w: ProtoWriter, value: SimValue): void {
  const v = value as { s?: string; i?: number; d?: number; b?: boolean; a?: readonly string[] };
  if (v.s !== undefined) {
    w.string(ANY_STRING, v.s);
  } else if (v.i !== undefined) {
    w.tag(ANY_INT, 0);
    w.varint(v.i);
  } else if (v.d !== undefined) {
    w.tag(ANY_DOUBLE, 1);
    w.double(v.d);
  } else if (v.b !== undefined) {
    w.tag(ANY_BOOL, 0);
    w.bool(v.b);
  } else if (v.a !== undefined) {
    const mark = w.begin(ANY_ARRAY, 2);
    for (const item of v.a) {
      const inner = w.begin(1);
      w.string(ANY_STRING, item);
      w.end(inner);
    }
    w.end(mark);
  }
}

export function writeKeyValue(w: ProtoWriter, field: number, key: string, value: SimValue): void {
  const info = keyInfo(key);
  const s = (value as { s?: string }).s;
  if (info.stable !== undefined && s !== undefined) {
    const body = stableBody(info, s);
    w.tag(field, 2);
    w.varint(body.length);
    w.raw(body);
    return;
  }
  if (s !== undefined && field < 16) {
    // Short ASCII string: every length is one byte, so the KeyValue is written in one pass without fix-ups.
    const key = info.bytes;
    const n = s.length;
    const kvLength = key.length + 4 + n;
    if (kvLength < 128) {
      w.ensure(kvLength + 2);
      const buf = w.buf;
      let pos = w.pos;
      buf[pos++] = (field << 3) | 2;
      buf[pos++] = kvLength;
      for (let i = 0; i < key.length; i++) buf[pos++] = key[i]!;
      buf[pos++] = (KV_VALUE << 3) | 2;
      buf[pos++] = n + 2;
      buf[pos++] = (ANY_STRING << 3) | 2;
      buf[pos++] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) break;
        buf[pos++] = c;
      }
      if (i === n) {
        w.pos = pos;
        return;
      }
      // Not ASCII: nothing was committed (w.pos unchanged); take the general path.
    }
  }
  const mark = w.begin(field);
  w.raw(info.bytes);
  const inner = w.begin(KV_VALUE);
  writeAnyValue(w, value);
  w.end(inner);
  w.end(mark);
}

export function writeAttributes(w: ProtoWriter, field: number, attributes: SimAttributes): void {
  for (let i = 0; i < attributes.length; i++) {
    const pair = attributes[i]!;
    writeKeyValue(w, field, pair[0], pair[1]);
  }
}

/** A whole KeyValue field (tag included), for attributes that repeat unchanged (aimon.run_id). */
export function encodeKeyValueField(field: number, key: string, value: SimValue): Buffer {
  const w = new ProtoWriter(256);
  writeKeyValue(w, field, key, value);
  return w.finish();
}

/** OTLP/JSON (protojson) of an attribute value: int64 as a string, as the collector's file exporter writes. */
export function anyValueJson(value: SimValue): Record<string, unknown> {
  const v = value as { s?: string; i?: number; d?: number; b?: boolean; a?: readonly string[] };
  if (v.s !== undefined) return { stringValue: v.s };
  if (v.i !== undefined) return { intValue: String(v.i) };
  if (v.d !== undefined) return { doubleValue: v.d };
  if (v.b !== undefined) return { boolValue: v.b };
  return { arrayValue: { values: (v.a ?? []).map((s) => ({ stringValue: s })) } };
}

export function attributesJson(
  attributes: SimAttributes,
): Array<{ key: string; value: Record<string, unknown> }> {
  return attributes.map(([key, value]) => ({ key, value: anyValueJson(value) }));
}
