import type { SimLogRecord, SimResource, SimScope } from '../agents/agent-model.js';
import { attributesJson, encodeKeyValueField, writeAttributes } from './attributes-encoder.js';
import { msToNanosString, ProtoWriter } from './proto-writer.js';

/** A built record with its run sequence number (aimon.seq). */
export interface SeqRecord {
  readonly seq: number;
  readonly record: SimLogRecord;
}

// Field numbers from opentelemetry/proto/{collector/logs,logs,resource,common}/v1/*.proto.
const REQ_RESOURCE_LOGS = 1;
const RL_RESOURCE = 1;
const RL_SCOPE_LOGS = 2;
const SL_SCOPE = 1;
const SL_LOG_RECORDS = 2;
const RES_ATTRIBUTES = 1;
const SCOPE_NAME = 1;
const SCOPE_VERSION = 2;
const LR_TIME = 1;
const LR_SEVERITY_NUMBER = 2;
const LR_SEVERITY_TEXT = 3;
const LR_BODY = 5;
const LR_ATTRIBUTES = 6;
const LR_OBSERVED_TIME = 11;
const LR_EVENT_NAME = 12;

export interface RunTags {
  runId: string;
  /** false with --no-run-tags. */
  enabled: boolean;
}

/** Groups records by resource then scope, keeping first-seen order (one ResourceLogs per emitting process). */
export function groupByResourceAndScope<T extends { resource: SimResource; scope: SimScope }, R>(
  items: readonly R[],
  get: (item: R) => T,
): Array<{ resource: SimResource; scopes: Array<{ scope: SimScope; items: R[] }> }> {
  type Scoped = { scope: SimScope; items: R[] };
  type Group = { resource: SimResource; byScope: Map<SimScope, Scoped>; byName: Map<string, Scoped> };
  const byResource = new Map<number, Group>();
  let lastResource: SimResource | undefined;
  let lastScope: SimScope | undefined;
  let lastGroup: Group | undefined;
  let lastScoped: Scoped | undefined;
  for (const item of items) {
    const { resource, scope } = get(item);
    // Consecutive items mostly share both, and scopes are constants: compare identities before any lookup.
    if (resource === lastResource && scope === lastScope) {
      lastScoped!.items.push(item);
      continue;
    }
    let group = resource === lastResource ? lastGroup : byResource.get(resource.id);
    if (!group) {
      group = { resource, byScope: new Map(), byName: new Map() };
      byResource.set(resource.id, group);
    }
    let scoped = group.byScope.get(scope);
    if (!scoped) {
      const scopeKey = `${scope.name}\u0000${scope.version ?? ''}`;
      scoped = group.byName.get(scopeKey);
      if (!scoped) {
        scoped = { scope, items: [] };
        group.byName.set(scopeKey, scoped);
      }
      group.byScope.set(scope, scoped);
    }
    scoped.items.push(item);
    lastResource = resource;
    lastScope = scope;
    lastGroup = group;
    lastScoped = scoped;
  }
  return [...byResource.values()].map((g) => ({ resource: g.resource, scopes: [...g.byName.values()] }));
}

/** Encodes ExportLogsServiceRequest protobuf directly, caching the bytes of resources and scopes. */
export class OtlpLogsEncoder {
  private readonly writer = new ProtoWriter(1024 * 1024);
  private readonly resourceCache = new Map<number, Buffer>();
  private readonly scopeCache = new Map<string, Buffer>();
  private readonly runIdField: Buffer | undefined;
  private readonly seqKeyPrefix: Buffer | undefined;

  constructor(private readonly tags: RunTags) {
    if (tags.enabled) {
      this.runIdField = encodeKeyValueField(LR_ATTRIBUTES, 'aimon.run_id', { s: tags.runId });
      // KeyValue{key:"aimon.seq"} up to the AnyValue's int tag; the varint and lengths are written per record.
      const w = new ProtoWriter(64);
      w.string(1, 'aimon.seq');
      this.seqKeyPrefix = w.finish();
    }
  }

  encode(records: readonly SeqRecord[]): Buffer {
    const w = this.writer;
    w.reset();
    for (const group of groupByResourceAndScope(records, (r) => r.record)) {
      const rl = w.begin(REQ_RESOURCE_LOGS, 4);
      w.raw(this.resourceField(group.resource));
      for (const scoped of group.scopes) {
        const sl = w.begin(RL_SCOPE_LOGS, 4);
        w.raw(this.scopeField(scoped.scope));
        for (const item of scoped.items) this.writeRecord(w, item);
        w.end(sl);
      }
      w.end(rl);
    }
    return w.finish();
  }

  private writeRecord(w: ProtoWriter, item: SeqRecord): void {
    const r = item.record;
    const mark = w.begin(SL_LOG_RECORDS, 2);
    if (r.timeUnixMs) {
      w.tag(LR_TIME, 1);
      w.fixed64MsAsNanos(r.timeUnixMs);
    }
    if (r.severityNumber) {
      w.tag(LR_SEVERITY_NUMBER, 0);
      w.varint(r.severityNumber);
    }
    if (r.severityText) w.string(LR_SEVERITY_TEXT, r.severityText);
    if (r.body !== undefined) {
      const body = w.begin(LR_BODY);
      w.string(1, r.body);
      w.end(body);
    }
    writeAttributes(w, LR_ATTRIBUTES, r.attributes);
    if (this.runIdField && this.seqKeyPrefix) {
      w.raw(this.runIdField);
      const kv = w.begin(LR_ATTRIBUTES);
      w.raw(this.seqKeyPrefix);
      const any = w.begin(2);
      w.tag(3, 0);
      w.varint(item.seq);
      w.end(any);
      w.end(kv);
    }
    if (r.observedTimeUnixMs) {
      w.tag(LR_OBSERVED_TIME, 1);
      w.fixed64MsAsNanos(r.observedTimeUnixMs);
    }
    if (r.otlpEventName) w.string(LR_EVENT_NAME, r.otlpEventName);
    w.end(mark);
  }

  private resourceField(resource: SimResource): Buffer {
    let bytes = this.resourceCache.get(resource.id);
    if (!bytes) {
      const w = new ProtoWriter(1024);
      const mark = w.begin(RL_RESOURCE, 2);
      writeAttributes(w, RES_ATTRIBUTES, resource.attributes);
      w.end(mark);
      bytes = w.finish();
      if (this.resourceCache.size > 50_000) this.resourceCache.clear();
      this.resourceCache.set(resource.id, bytes);
    }
    return bytes;
  }

  private scopeField(scope: SimScope): Buffer {
    const key = `${scope.name}\u0000${scope.version ?? ''}`;
    let bytes = this.scopeCache.get(key);
    if (!bytes) {
      bytes = encodeScopeField(SL_SCOPE, scope);
      this.scopeCache.set(key, bytes);
    }
    return bytes;
  }
}

export function encodeScopeField(field: number, scope: SimScope): Buffer {
  const w = new ProtoWriter(256);
  const mark = w.begin(field);
  w.string(SCOPE_NAME, scope.name);
  if (scope.version) w.string(SCOPE_VERSION, scope.version);
  w.end(mark);
  return w.finish();
}

export function scopeJson(scope: SimScope): Record<string, unknown> {
  return scope.version ? { name: scope.name, version: scope.version } : { name: scope.name };
}

/** The same request as OTLP/JSON (the collector file exporter's line format). */
export function logsRequestJson(records: readonly SeqRecord[], tags: RunTags): Record<string, unknown> {
  return {
    resourceLogs: groupByResourceAndScope(records, (r) => r.record).map((group) => ({
      resource: { attributes: attributesJson(group.resource.attributes) },
      scopeLogs: group.scopes.map((scoped) => ({
        scope: scopeJson(scoped.scope),
        logRecords: scoped.items.map(({ seq, record: r }) => {
          const json: Record<string, unknown> = {};
          if (r.timeUnixMs) json.timeUnixNano = msToNanosString(r.timeUnixMs);
          if (r.observedTimeUnixMs) json.observedTimeUnixNano = msToNanosString(r.observedTimeUnixMs);
          if (r.severityNumber) json.severityNumber = r.severityNumber;
          if (r.severityText) json.severityText = r.severityText;
          if (r.body !== undefined) json.body = { stringValue: r.body };
          const attributes = attributesJson(r.attributes);
          if (tags.enabled) {
            attributes.push({ key: 'aimon.run_id', value: { stringValue: tags.runId } });
            attributes.push({ key: 'aimon.seq', value: { intValue: String(seq) } });
          }
          json.attributes = attributes;
          if (r.otlpEventName) json.eventName = r.otlpEventName;
          return json;
        }),
      })),
    })),
  };
}
