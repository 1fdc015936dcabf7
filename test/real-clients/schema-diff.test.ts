/** The conformance differ itself: it must report each kind of difference (so a green conformance run means something). */
import { describe, expect, it } from 'vitest';
import type { OtlpLogsJson, OtlpMetricsJson } from '../support/pure/otlp-protos.js';
import { diffShapes } from './schema-diff.js';
import { addLogs, addMetrics, emptyShape } from './telemetry-shape.js';

const resource = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'claude-code' } },
    { key: 'os.type', value: { stringValue: 'linux' } },
  ],
};
const scope = { name: 'com.anthropic.claude_code.events', version: '2.1.332' };

function claudeLog(
  attrs: Array<[string, object]>,
  body = 'claude_code.api_request',
  timeUnixNano = '1795780396560000000',
): OtlpLogsJson {
  return {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            scope,
            logRecords: [
              {
                timeUnixNano,
                observedTimeUnixNano: timeUnixNano,
                body: { stringValue: body },
                attributes: [['event.name', { stringValue: 'api_request' }], ...attrs].map(
                  ([key, value]) => ({ key: key as string, value: value as object }),
                ),
              },
            ],
          },
        ],
      },
    ],
  };
}

function shapeOf(...requests: OtlpLogsJson[]) {
  const shape = emptyShape();
  for (const r of requests) addLogs(shape, r);
  return shape;
}

const REAL = claudeLog([
  ['input_tokens', { intValue: 42 }],
  ['cost_usd', { doubleValue: 0.1 }],
]);

describe('diffShapes', () => {
  it('finds no difference between identical shapes, ignoring aimon.* tags and int encodings', () => {
    const sim = claudeLog([
      ['input_tokens', { intValue: '42' }],
      ['cost_usd', { doubleValue: 0.2 }],
      ['aimon.run_id', { stringValue: 'r' }],
    ]);
    expect(diffShapes(shapeOf(REAL), shapeOf(sim), { agents: ['claude_code'] })).toEqual([]);
  });

  it('reports a value type difference ("42" is not 42)', () => {
    const sim = claudeLog([
      ['input_tokens', { stringValue: '42' }],
      ['cost_usd', { doubleValue: 0.2 }],
    ]);
    expect(diffShapes(shapeOf(REAL), shapeOf(sim), { agents: ['claude_code'] }).map((d) => d.what)).toEqual([
      'key "input_tokens" type: real int, simulator string',
    ]);
  });

  it('reports missing and extra keys', () => {
    const sim = claudeLog([
      ['input_tokens', { intValue: 1 }],
      ['made_up', { stringValue: 'x' }],
    ]);
    expect(diffShapes(shapeOf(REAL), shapeOf(sim), { agents: ['claude_code'] }).map((d) => d.what)).toEqual([
      'key "cost_usd" (double) sent by the real client, never by the simulator',
      'key "made_up" (string) sent by the simulator, never by the real client',
    ]);
  });

  it('reports placement: body and time conventions', () => {
    const sim = claudeLog(
      [
        ['input_tokens', { intValue: 1 }],
        ['cost_usd', { doubleValue: 1 }],
      ],
      'api_request',
      '0',
    );
    const whats = diffShapes(shapeOf(REAL), shapeOf(sim), { agents: ['claude_code'] }).map((d) => d.what);
    expect(
      whats.some((w) =>
        w.startsWith('placement: real "body: string = qualified event name" not in simulator'),
      ),
    ).toBe(true);
    expect(whats.some((w) => w.startsWith('placement: real "timeUnixNano: set" not in simulator'))).toBe(
      true,
    );
    expect(whats.some((w) => w.startsWith('placement: simulator "timeUnixNano: 0" never seen'))).toBe(true);
  });

  it('reports an event and a metric the simulator never sends, and metric shape differences', () => {
    const metrics = (valueKey: 'asDouble' | 'asInt', temporality: number): OtlpMetricsJson => ({
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope: { name: 'com.anthropic.claude_code', version: '2.1.332' },
              metrics: [
                {
                  name: 'claude_code.token.usage',
                  unit: 'tokens',
                  sum: {
                    aggregationTemporality: temporality,
                    isMonotonic: true,
                    dataPoints: [
                      { [valueKey]: 1, attributes: [{ key: 'type', value: { stringValue: 'input' } }] },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const real = shapeOf(REAL);
    addMetrics(real, metrics('asDouble', 1));
    const sim = emptyShape();
    addMetrics(sim, metrics('asInt', 2));
    const whats = diffShapes(real, sim, { agents: ['claude_code'] }).map((d) => `${d.where}: ${d.what}`);
    expect(whats).toContain(
      'log claude_code.api_request: sent by the real client (1×), never by the simulator',
    );
    expect(whats).toContain(
      'metric claude_code.token.usage: shape: real "value: asDouble" not in simulator (kind: sum, temporality 2, monotonic true; unit: "tokens"; value: asInt)',
    );
    expect(whats.some((w) => w.includes('temporality 1'))).toBe(true);
  });
});
