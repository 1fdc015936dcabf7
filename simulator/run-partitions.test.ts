/**
 * Sharding's determinism property (simulator/partition.ts): the records of a run depend on the seed, the scenario
 * and its partition count P = shards × threads, never on how the partitions are laid out. Two one-thread shards send
 * exactly the records (same seqs, same content; timestamps and the ids Codex derives from them aside) that one
 * process with two generator threads sends, and their merged ledgers equal that process's ledger but for the
 * fields that measure wall time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLedgers, type RunLedger } from '../core/ledger/index.js';
import { decodeLogsRequest, type AnyValueJson } from '../test/support/pure/otlp-protos.js';
import { agentModelFactories } from './agents/index.js';
import { loadScenario } from '../scenarios/load-scenario.js';
import { parseShard } from './partition.js';
import { resolveSimulationConfig } from './resolve-simulation-config.js';
import { runSimulation } from './run-simulation.js';
import { InMemorySink } from './sinks/in-memory-sink.js';

interface SentRecord {
  seq: number;
  /** Everything but timestamps and time-derived values. */
  content: string;
  session: string;
  user: string | undefined;
}

const value = (v: AnyValueJson | undefined): string => JSON.stringify(v ?? null);

/** A UUIDv7 without its time (first 48 bits: "xxxxxxxx-xxxx-"). */
const sansTime = (v: AnyValueJson | undefined): string => String(v?.stringValue).slice(14);

function sentRecords(sink: InMemorySink): SentRecord[] {
  const out: SentRecord[] = [];
  for (const { signal, payload } of sink.sent) {
    if (signal !== 'logs') continue;
    for (const rl of decodeLogsRequest(payload).resourceLogs ?? [])
      for (const sl of rl.scopeLogs ?? [])
        for (const r of sl.logRecords ?? []) {
          const attrs = new Map((r.attributes ?? []).map((a) => [a.key, a.value]));
          const shown = (r.attributes ?? [])
            .filter((a) => a.key !== 'event.timestamp' && a.key !== 'aimon.seq')
            .map((a) =>
              // Codex conversation ids are UUIDv7: their first 48 bits are the start time.
              a.key === 'conversation.id' ? `${a.key}=${sansTime(a.value)}` : `${a.key}=${value(a.value)}`,
            );
          out.push({
            seq: Number(attrs.get('aimon.seq')?.intValue),
            content: `${JSON.stringify(rl.resource)} ${String(r.body?.stringValue)} ${shown.join(',')}`,
            session: attrs.has('session.id')
              ? value(attrs.get('session.id'))
              : sansTime(attrs.get('conversation.id')),
            user:
              attrs.has('user.id') || attrs.has('user.email')
                ? value(attrs.get('user.id') ?? attrs.get('user.email'))
                : undefined,
          });
        }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The ledger without the fields that measure wall time (window, timeline, achieved rate). */
function timeless(ledger: RunLedger): unknown {
  const { window: _w, timeline: _t, rate, load, ...rest } = ledger;
  // The load's churn is per wall-clock minute: its counts are exact, its duration and rates are timing.
  const { durationMs: _d, sessionsPerMin: _s, seriesPerMin: _m, ...churn } = load!;
  return { ...rest, targetPerSec: rate.targetPerSec, churn };
}

async function run(flags: { shard?: string; threads?: number; scenario?: string }) {
  const config = resolveSimulationConfig(await loadScenario(flags.scenario ?? 'team-steady'), {
    ratePerSec: 'max',
    count: 3000,
    target: { protocol: 'grpc', endpoint: '127.0.0.1:1' },
    runId: 'shard-test',
    seed: 11,
    maxBatchSize: 128,
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
  });
  const sink = new InMemorySink();
  const result = await runSimulation(config, {
    sink,
    agentModelFactories,
  });
  expect(result.exitCode).toBe(0);
  return { ledger: result.ledger, records: sentRecords(sink) };
}

describe('sharded runs', () => {
  it('two shards send what one process with two generator threads sends, and their ledgers merge into its ledger', async () => {
    const one = await run({ shard: '1/2' });
    const two = await run({ shard: '2/2' });
    const threads = await run({ threads: 2 });

    // The rate (here the count) is split in half: slots p, p+2, p+4, … of the 3000.
    expect(one.records).toHaveLength(1500);
    expect(two.records).toHaveLength(1500);
    // Disjoint seq spaces, sessions and users.
    const seqs = (r: SentRecord[]) => new Set(r.map((x) => x.seq));
    expect([...seqs(one.records)].filter((s) => seqs(two.records).has(s))).toEqual([]);
    const sessions = (r: SentRecord[]) => new Set(r.map((x) => x.session));
    expect([...sessions(one.records)].filter((s) => sessions(two.records).has(s))).toEqual([]);
    const users = (r: SentRecord[]) => new Set(r.flatMap((x) => (x.user ? [x.user] : [])));
    expect(users(one.records).size).toBeGreaterThan(0);
    expect([...users(one.records)].filter((u) => users(two.records).has(u))).toEqual([]);

    // The union of the shards' records is the two-thread process's, record for record.
    const union = [...one.records, ...two.records].sort((a, b) => a.seq - b.seq);
    expect(union.map((r) => `${r.seq} ${r.content}`)).toEqual(
      threads.records.map((r) => `${r.seq} ${r.content}`),
    );

    // And so are the ledgers, but for wall time.
    const merged = mergeLedgers([
      { ledger: one.ledger, source: 'shard 1' },
      { ledger: two.ledger, source: 'shard 2' },
    ]);
    expect(timeless(merged)).toEqual(timeless(threads.ledger));
    expect(merged.records.acknowledged).toBe(3000);
    expect(merged.partitions).toEqual({ count: 2, indices: [0, 1] });
    expect(merged.sessions.claude_code).toBe(
      one.ledger.sessions.claude_code + two.ledger.sessions.claude_code,
    );
  });

  it("keeps Codex's shared metric streams apart: every partition's points carry aimon.partition", async () => {
    // One team, few OS values: users of different partitions share Codex's metric resource, so without the
    // partition label two generators would add to one delta stream (and the ledgers could not be merged).
    const dir = await mkdtemp(join(tmpdir(), 'aimon-partitions-'));
    try {
      const file = join(dir, 'codex-one-team.yaml');
      await writeFile(
        file,
        'name: codex-one-team\nagents:\n  codex:\n    share: 1\nusers: 8\nteams: [one]\nconcurrentSessions: 4\n',
      );
      const { ledger } = await run({ scenario: file, threads: 2 });
      const codex = ledger.metrics.filter((m) => m.agent === 'codex');
      expect(codex.length).toBeGreaterThan(0);
      expect(new Set(codex.map((m) => m.attributes['aimon.partition']))).toEqual(new Set(['1/2', '2/2']));
      const identities = codex.map((m) => `${m.name} ${JSON.stringify(m.resource)}`);
      expect(new Set(identities).size).toBeLessThan(identities.length); // the same resource in both partitions
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves an unsharded run as it was: seqs 0…N−1, one partition, no partitions field', async () => {
    const whole = await run({});
    expect(whole.records.map((r) => r.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(whole.ledger.partitions).toBeUndefined();
    expect(whole.ledger.seq.expected).toEqual([[0, 2999]]);
  });
});
