/**
 * The parts of the official opentelemetry-proto definitions (v1.x: common, resource, logs, metrics and the
 * collector export requests) needed to decode what the real CLIs send. Field numbers and names are copied
 * from github.com/open-telemetry/opentelemetry-proto; protobufjs turns them into decoders whose toObject()
 * output is OTLP/JSON (camelCase keys, 64-bit integers as strings).
 */
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

const OTLP_PROTO = `
syntax = "proto3";
package opentelemetry.proto;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message EntityRef {
  string schema_url = 1;
  string type = 2;
  repeated string id_keys = 3;
  repeated string description_keys = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
  repeated EntityRef entity_refs = 3;
}

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
  string schema_url = 3;
}
message ScopeLogs {
  InstrumentationScope scope = 1;
  repeated LogRecord log_records = 2;
  string schema_url = 3;
}
message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}

message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics {
  Resource resource = 1;
  repeated ScopeMetrics scope_metrics = 2;
  string schema_url = 3;
}
message ScopeMetrics {
  InstrumentationScope scope = 1;
  repeated Metric metrics = 2;
  string schema_url = 3;
}
message Metric {
  string name = 1;
  string description = 2;
  string unit = 3;
  oneof data {
    Gauge gauge = 5;
    Sum sum = 7;
    Histogram histogram = 9;
    ExponentialHistogram exponential_histogram = 10;
    Summary summary = 11;
  }
  repeated KeyValue metadata = 12;
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum {
  repeated NumberDataPoint data_points = 1;
  int32 aggregation_temporality = 2;
  bool is_monotonic = 3;
}
message Histogram {
  repeated HistogramDataPoint data_points = 1;
  int32 aggregation_temporality = 2;
}
message ExponentialHistogram {
  repeated ExponentialHistogramDataPoint data_points = 1;
  int32 aggregation_temporality = 2;
}
message Summary { repeated SummaryDataPoint data_points = 1; }
message Exemplar {
  repeated KeyValue filtered_attributes = 7;
  fixed64 time_unix_nano = 2;
  oneof value { double as_double = 3; sfixed64 as_int = 6; }
  bytes span_id = 4;
  bytes trace_id = 5;
}
message NumberDataPoint {
  repeated KeyValue attributes = 7;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; }
  repeated Exemplar exemplars = 5;
  uint32 flags = 8;
}
message HistogramDataPoint {
  repeated KeyValue attributes = 9;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  optional double sum = 5;
  repeated fixed64 bucket_counts = 6;
  repeated double explicit_bounds = 7;
  repeated Exemplar exemplars = 8;
  uint32 flags = 10;
  optional double min = 11;
  optional double max = 12;
}
message ExponentialHistogramDataPoint {
  message Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; }
  repeated KeyValue attributes = 1;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  optional double sum = 5;
  sint32 scale = 6;
  fixed64 zero_count = 7;
  Buckets positive = 8;
  Buckets negative = 9;
  uint32 flags = 10;
  repeated Exemplar exemplars = 11;
  optional double min = 12;
  optional double max = 13;
  double zero_threshold = 14;
}
message SummaryDataPoint {
  message ValueAtQuantile { double quantile = 1; double value = 2; }
  repeated KeyValue attributes = 7;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  double sum = 5;
  repeated ValueAtQuantile quantile_values = 6;
  uint32 flags = 8;
}
`;

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const logsRequest = root.lookupType('opentelemetry.proto.ExportLogsServiceRequest');
const metricsRequest = root.lookupType('opentelemetry.proto.ExportMetricsServiceRequest');

const TO_JSON: protobuf.IConversionOptions = {
  longs: String,
  bytes: String,
  defaults: false,
  oneofs: false,
  json: true,
};

/** Decodes an OTLP/HTTP protobuf logs request into OTLP/JSON form. */
export function decodeLogsRequest(bytes: Uint8Array): OtlpLogsJson {
  return logsRequest.toObject(logsRequest.decode(bytes), TO_JSON) as OtlpLogsJson;
}

export function decodeMetricsRequest(bytes: Uint8Array): OtlpMetricsJson {
  return metricsRequest.toObject(metricsRequest.decode(bytes), TO_JSON) as OtlpMetricsJson;
}

/** Decoded OTLP/HTTP export requests, by signal. */
export interface OtlpRequests {
  readonly logs: OtlpLogsJson[];
  readonly metrics: OtlpMetricsJson[];
}

/**
 * Adds one OTLP/HTTP export body (protobuf or JSON by its content type, gzip by its content encoding) to `into`,
 * by its path; returns false for a path other than /v1/logs and /v1/metrics. Malformed input throws.
 */
export function addOtlpHttpRequest(
  into: OtlpRequests,
  path: string,
  headers: { contentType?: string; contentEncoding?: string },
  body: Buffer,
): boolean {
  if (path !== '/v1/logs' && path !== '/v1/metrics') return false;
  const plain = headers.contentEncoding === 'gzip' ? gunzipSync(body) : body;
  const json = (headers.contentType ?? '').split(';')[0] === 'application/json';
  if (path === '/v1/logs')
    into.logs.push(json ? (JSON.parse(plain.toString('utf8')) as OtlpLogsJson) : decodeLogsRequest(plain));
  else
    into.metrics.push(
      json ? (JSON.parse(plain.toString('utf8')) as OtlpMetricsJson) : decodeMetricsRequest(plain),
    );
  return true;
}

// OTLP/JSON shapes (only what the tests read).
export interface AnyValueJson {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueJson[] };
  kvlistValue?: { values?: KeyValueJson[] };
  bytesValue?: string;
}
export interface KeyValueJson {
  key: string;
  value?: AnyValueJson;
}
export interface ScopeJson {
  name?: string;
  version?: string;
}
export interface LogRecordJson {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValueJson;
  attributes?: KeyValueJson[];
  eventName?: string;
}
export interface OtlpLogsJson {
  resourceLogs?: Array<{
    resource?: { attributes?: KeyValueJson[] };
    scopeLogs?: Array<{ scope?: ScopeJson; logRecords?: LogRecordJson[] }>;
  }>;
}
export interface NumberDataPointJson {
  attributes?: KeyValueJson[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  asDouble?: number;
  asInt?: string | number;
}
export interface HistogramDataPointJson {
  attributes?: KeyValueJson[];
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  count?: string | number;
  sum?: number;
  bucketCounts?: Array<string | number>;
  explicitBounds?: number[];
}
export interface MetricJson {
  name: string;
  description?: string;
  unit?: string;
  sum?: { dataPoints?: NumberDataPointJson[]; aggregationTemporality?: number; isMonotonic?: boolean };
  gauge?: { dataPoints?: NumberDataPointJson[] };
  histogram?: { dataPoints?: HistogramDataPointJson[]; aggregationTemporality?: number };
}
export interface OtlpMetricsJson {
  resourceMetrics?: Array<{
    resource?: { attributes?: KeyValueJson[] };
    scopeMetrics?: Array<{ scope?: ScopeJson; metrics?: MetricJson[] }>;
  }>;
}
