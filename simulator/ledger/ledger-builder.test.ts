import { describe, expect, it } from 'vitest';
import type { BreakdownSpec, SimLogRecord, SimResource } from '../agents/agent-model.js';
import { RecordExpectations, Timeline } from './ledger-builder.js';

const resource: SimResource = { id: 0, agent: 'claude_code', attributes: [] };
const specs: BreakdownSpec[] = [
  {
    id: 'by-model',
    title: 'requests by model',
    event: 'claude_code.api_request',
    by: ['model'],
    op: 'count',
  },
  {
    id: 'tokens',
    title: 'input tokens of opus',
    event: 'claude_code.api_request',
    where: { model: 'opus' },
    by: ['model'],
    op: 'sum',
    field: 'input_tokens',
  },
  {
    id: 'prompts',
    title: 'prompts',
    event: 'claude_code.api_request',
    by: [],
    op: 'count_uniq',
    field: 'prompt.id',
  },
];

function record(i: number): SimLogRecord {
  return {
    agent: 'claude_code',
    eventName: 'claude_code.api_request',
    resource,
    scope: { name: 's' },
    timeUnixMs: 1000 + i,
    observedTimeUnixMs: 1000 + i,
    attributes: [
      ['session.id', { s: `s${i % 3}` }],
      ['user.id', { s: `u${i % 2}` }],
      ['model', { s: i % 2 ? 'opus' : 'sonnet' }],
      ['input_tokens', { i: i * 10 }],
      ['prompt.id', { s: `p${i % 5}` }],
    ],
  };
}

describe('RecordExpectations deltas', () => {
  it('merging per-batch deltas gives exactly what adding every record directly gives', () => {
    const direct = new RecordExpectations({ claude_code: specs });
    const merged = new RecordExpectations({ claude_code: specs });
    for (let batch = 0; batch < 4; batch++) {
      const part = new RecordExpectations({ claude_code: specs });
      for (let i = batch * 7; i < batch * 7 + 7; i++) {
        direct.add(record(i));
        part.add(record(i));
      }
      // Through a structured clone, as between the generator thread and the transport.
      merged.merge(structuredClone(part.toDelta()));
    }
    expect(merged.breakdowns()).toEqual(direct.breakdowns());
    expect([...merged.eventCounts]).toEqual([...direct.eventCounts]);
    expect(merged.sessionCounts()).toEqual(direct.sessionCounts());
    expect(merged.userCounts()).toEqual(direct.userCounts());
    expect(direct.breakdowns()[2]!.values).toEqual({ '': 5 });
  });

  it('a delta that is not merged (a failed batch) leaves the expectations untouched', () => {
    const totals = new RecordExpectations({ claude_code: specs });
    const part = new RecordExpectations({ claude_code: specs });
    part.add(record(1));
    part.toDelta();
    expect(totals.breakdowns().every((b) => Object.keys(b.values).length === 0)).toBe(true);
    totals.merge(part.toDelta());
    expect(totals.breakdowns()[0]!.values).toEqual({ opus: 1 });
  });
});

describe('Timeline', () => {
  it('counts per second whether added by time or by second', () => {
    const t = new Timeline();
    t.add(1500, 'scheduled');
    t.add(1999, 'scheduled');
    t.add(2000, 'scheduled');
    t.addToSecond(1, 'sent', 2);
    t.add(1001, 'scheduled');
    expect(t.toArray()).toEqual([
      { second: 1, scheduled: 3, sent: 2, acknowledged: 0, failed: 0, missed: 0 },
      { second: 2, scheduled: 1, sent: 0, acknowledged: 0, failed: 0, missed: 0 },
    ]);
  });
});
