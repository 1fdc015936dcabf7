import { describe, expect, it } from 'vitest';
import type { LedgerMetricSeries } from '../../core/ledger/index.js';
import type { MetricIncrement, SimResource } from '../agents/agent-model.js';
import { MetricAccumulator } from './metric-accumulator.js';

const resource: SimResource = {
  id: 2,
  agent: 'claude_code',
  attributes: [['service.name', { s: 'claude-code' }]],
};

function increment(session: object | undefined, sessionId: string, value: number): MetricIncrement {
  return {
    resource,
    scope: { name: 'com.anthropic.claude_code' },
    name: 'claude_code.cost.usage',
    unit: 'USD',
    description: 'cost',
    kind: 'sum',
    valueType: 'double',
    attributes: [['session.id', { s: sessionId }]],
    value,
    session,
  };
}

function accumulator(): { acc: MetricAccumulator; retired: LedgerMetricSeries[] } {
  const retired: LedgerMetricSeries[] = [];
  const acc = new MetricAccumulator('delta', 0, [['aimon.run_id', { s: 'r' }]], (series) =>
    retired.push(series),
  );
  return { acc, retired };
}

describe('MetricAccumulator: retiring the series of ended sessions', () => {
  it('retires a series once its session ended and its last point settled, with the acknowledged total', () => {
    const { acc, retired } = accumulator();
    const session = {};
    acc.add(increment(session, 's1', 1.5));
    const first = acc.collect(1000);
    acc.add(increment(session, 's1', 2));
    acc.endSession(session);
    acc.settle(first, true);
    expect(retired).toEqual([]); // 2 is still pending: not exported yet
    const second = acc.collect(2000);
    expect(retired).toEqual([]); // exported but not settled
    acc.settle(second, true);
    expect(retired).toHaveLength(1);
    expect(retired[0]).toMatchObject({
      name: 'claude_code.cost.usage',
      value: 3.5,
      attributes: { 'session.id': 's1', 'aimon.run_id': 'r' },
      resource: { 'service.name': 'claude-code' },
    });
    expect(acc.liveSeriesCount).toBe(0);
  });

  it('leaves failed points out of the retired value, and retires a series never acknowledged silently', () => {
    const { acc, retired } = accumulator();
    const [a, b] = [{}, {}];
    acc.add(increment(a, 'a', 1));
    acc.add(increment(b, 'b', 1));
    const first = acc.collect(1000);
    acc.settle(first, true);
    acc.add(increment(a, 'a', 10));
    acc.add(increment(b, 'b', 10));
    acc.endSession(a);
    acc.endSession(b);
    const [pointA, pointB] = acc.collect(2000);
    acc.settle([pointA!], false);
    acc.settle([pointB!], true);
    expect(retired.map((s) => [s.attributes['session.id'], s.value])).toEqual([
      ['a', 1],
      ['b', 11],
    ]);
    const { acc: fresh, retired: none } = accumulator();
    const c = {};
    fresh.add(increment(c, 'c', 1));
    fresh.endSession(c);
    fresh.settle(fresh.collect(1000), false);
    expect(none).toEqual([]);
    expect(fresh.liveSeriesCount).toBe(0);
  });

  it('keeps memory bounded by the live sessions, and retireAll hands over the rest', () => {
    const { acc, retired } = accumulator();
    const forever = increment(undefined, 'no-session', 1);
    for (let i = 0; i < 5000; i++) {
      const session = {};
      acc.add(increment(session, `s${i}`, 1));
      acc.add(forever);
      acc.endSession(session);
      if (i % 100 === 99) acc.settle(acc.collect(i), true);
      expect(acc.liveSeriesCount).toBeLessThanOrEqual(101);
    }
    expect(retired).toHaveLength(5000);
    expect(acc.retireAll()).toBe(5001);
    expect(retired.at(-1)).toMatchObject({ attributes: { 'session.id': 'no-session' }, value: 5000 });
  });

  it('retires a delta series quiet for ten collections; if it changes again, the new part starts at the last collection', () => {
    const { acc, retired } = accumulator();
    const codexLike = increment(undefined, 'shared', 2);
    acc.add(codexLike);
    acc.settle(acc.collect(1000), true);
    for (let t = 2000; t <= 10_000; t += 1000) acc.collect(t);
    expect(retired).toEqual([]);
    acc.collect(11_000); // the tenth quiet collection
    expect(retired.map((s) => s.value)).toEqual([2]);
    expect(acc.liveSeriesCount).toBe(0);
    acc.add(codexLike);
    const [point] = acc.collect(12_000);
    expect(point).toMatchObject({ startMs: 11_000, timeMs: 12_000, value: 2 });
    acc.settle([point!], true);
    acc.retireAll();
    expect(retired.map((s) => s.value)).toEqual([2, 2]);
  });

  it('never retires a cumulative series for being quiet: its running total must stay', () => {
    const retired: LedgerMetricSeries[] = [];
    const acc = new MetricAccumulator('cumulative', 0, [], (series) => retired.push(series));
    acc.add(increment(undefined, 'shared', 2));
    acc.settle(acc.collect(1000), true);
    for (let t = 2000; t <= 30_000; t += 1000) acc.collect(t);
    expect(retired).toEqual([]);
    acc.add(increment(undefined, 'shared', 3));
    const [point] = acc.collect(31_000);
    expect(point).toMatchObject({ startMs: 0, value: 5 });
  });
});
