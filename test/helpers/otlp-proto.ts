/**
 * The OTLP request/response messages the sink decodes, as a protobufjs descriptor. Field numbers follow
 * opentelemetry/proto (common, resource, logs, metrics and their collector services, v1). Kept independent of the
 * simulator's hand-written encoder so decoding it here is a real cross-check.
 */
import protobuf from 'protobufjs';

const f = (type: string, id: number, rule?: 'repeated') => ({ type, id, ...(rule ? { rule } : {}) });

const descriptor = {
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: {
            value: {
              oneof: [
                'stringValue',
                'boolValue',
                'intValue',
                'doubleValue',
                'arrayValue',
                'kvlistValue',
                'bytesValue',
              ],
            },
          },
          fields: {
            stringValue: f('string', 1),
            boolValue: f('bool', 2),
            intValue: f('int64', 3),
            doubleValue: f('double', 4),
            arrayValue: f('ArrayValue', 5),
            kvlistValue: f('KeyValueList', 6),
            bytesValue: f('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: f('AnyValue', 1, 'repeated') } },
        KeyValueList: { fields: { values: f('KeyValue', 1, 'repeated') } },
        KeyValue: { fields: { key: f('string', 1), value: f('AnyValue', 2) } },
        InstrumentationScope: {
          fields: {
            name: f('string', 1),
            version: f('string', 2),
            attributes: f('KeyValue', 3, 'repeated'),
            droppedAttributesCount: f('uint32', 4),
          },
        },
        Resource: {
          fields: { attributes: f('KeyValue', 1, 'repeated'), droppedAttributesCount: f('uint32', 2) },
        },
        LogRecord: {
          fields: {
            timeUnixNano: f('fixed64', 1),
            observedTimeUnixNano: f('fixed64', 11),
            severityNumber: f('int32', 2),
            severityText: f('string', 3),
            body: f('AnyValue', 5),
            attributes: f('KeyValue', 6, 'repeated'),
            droppedAttributesCount: f('uint32', 7),
            flags: f('fixed32', 8),
            traceId: f('bytes', 9),
            spanId: f('bytes', 10),
            eventName: f('string', 12),
          },
        },
        ScopeLogs: {
          fields: {
            scope: f('InstrumentationScope', 1),
            logRecords: f('LogRecord', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ResourceLogs: {
          fields: {
            resource: f('Resource', 1),
            scopeLogs: f('ScopeLogs', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ExportLogsServiceRequest: { fields: { resourceLogs: f('ResourceLogs', 1, 'repeated') } },
        ExportLogsPartialSuccess: {
          fields: { rejectedLogRecords: f('int64', 1), errorMessage: f('string', 2) },
        },
        ExportLogsServiceResponse: { fields: { partialSuccess: f('ExportLogsPartialSuccess', 1) } },
        NumberDataPoint: {
          oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
          fields: {
            attributes: f('KeyValue', 7, 'repeated'),
            startTimeUnixNano: f('fixed64', 2),
            timeUnixNano: f('fixed64', 3),
            asDouble: f('double', 4),
            asInt: f('sfixed64', 6),
            flags: f('uint32', 8),
          },
        },
        HistogramDataPoint: {
          fields: {
            attributes: f('KeyValue', 9, 'repeated'),
            startTimeUnixNano: f('fixed64', 2),
            timeUnixNano: f('fixed64', 3),
            count: f('fixed64', 4),
            sum: f('double', 5),
            bucketCounts: f('fixed64', 6, 'repeated'),
            explicitBounds: f('double', 7, 'repeated'),
            flags: f('uint32', 10),
            min: f('double', 11),
            max: f('double', 12),
          },
        },
        Sum: {
          fields: {
            dataPoints: f('NumberDataPoint', 1, 'repeated'),
            aggregationTemporality: f('int32', 2),
            isMonotonic: f('bool', 3),
          },
        },
        Gauge: { fields: { dataPoints: f('NumberDataPoint', 1, 'repeated') } },
        Histogram: {
          fields: {
            dataPoints: f('HistogramDataPoint', 1, 'repeated'),
            aggregationTemporality: f('int32', 2),
          },
        },
        Metric: {
          oneofs: { data: { oneof: ['gauge', 'sum', 'histogram'] } },
          fields: {
            name: f('string', 1),
            description: f('string', 2),
            unit: f('string', 3),
            gauge: f('Gauge', 5),
            sum: f('Sum', 7),
            histogram: f('Histogram', 9),
          },
        },
        ScopeMetrics: {
          fields: {
            scope: f('InstrumentationScope', 1),
            metrics: f('Metric', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ResourceMetrics: {
          fields: {
            resource: f('Resource', 1),
            scopeMetrics: f('ScopeMetrics', 2, 'repeated'),
            schemaUrl: f('string', 3),
          },
        },
        ExportMetricsServiceRequest: { fields: { resourceMetrics: f('ResourceMetrics', 1, 'repeated') } },
        ExportMetricsPartialSuccess: {
          fields: { rejectedDataPoints: f('int64', 1), errorMessage: f('string', 2) },
        },
        ExportMetricsServiceResponse: { fields: { partialSuccess: f('ExportMetricsPartialSuccess', 1) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
export const ExportLogsServiceRequest = root.lookupType('otlp.ExportLogsServiceRequest');
export const ExportMetricsServiceRequest = root.lookupType('otlp.ExportMetricsServiceRequest');
export const ExportLogsServiceResponse = root.lookupType('otlp.ExportLogsServiceResponse');
export const ExportMetricsServiceResponse = root.lookupType('otlp.ExportMetricsServiceResponse');

/** protojson-like plain objects: 64-bit integers as strings, enums as numbers, empty fields left out. */
export const TO_JSON_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
  oneofs: false,
};

export interface JsonKeyValue {
  key: string;
  value: {
    stringValue?: string;
    intValue?: string;
    doubleValue?: number;
    boolValue?: boolean;
    arrayValue?: { values?: unknown[] };
  };
}
