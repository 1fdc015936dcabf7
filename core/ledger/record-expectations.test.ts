import { describe, expect, it } from 'vitest';
import { RecordExpectations, type BreakdownSpec, type ExpectedRecord } from './record-expectations.js';

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

function record(i: number): ExpectedRecord {
  return {
    agent: 'claude_code',
    eventName: 'claude_code.api_request',
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

  it('a sum skips a record whose field is missing or not a number; a where filter keeps only its matches', () => {
    const totals = new RecordExpectations({ claude_code: specs });
    totals.add(record(1)); // opus, 10 tokens
    totals.add(record(2)); // sonnet: filtered out by where
    totals.add({
      ...record(3),
      attributes: [
        ['model', { s: 'opus' }],
        ['input_tokens', { s: 'n/a' }],
      ],
    });
    totals.add({ ...record(5), attributes: [['model', { s: 'opus' }]] });
    expect(totals.breakdowns()[1]!.values).toEqual({ opus: 10 });
    expect(totals.breakdowns()[0]!.values).toEqual({ opus: 3, sonnet: 1 });
  });
});
