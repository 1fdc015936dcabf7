/** The built CLI (`node dist/cli/main.js simulate …`) against a real local OTLP sink: exit codes and the ledger. */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import type { RunLedger } from '../../core/ledger/index.js';
import { findFreePort } from '../../core/ports.js';
import { projectRoot } from '../../core/paths.js';
import { startOtlpSink, type OtlpSink } from '../support/live/otlp-sink.js';

const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
function aimon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

let sink: OtlpSink;
let dir: string;
beforeAll(async () => {
  sink = await startOtlpSink();
  dir = await mkdtemp(join(tmpdir(), 'aimon-cli-'));
});
afterAll(async () => sink.close());

describe('aimon simulate (built CLI)', () => {
  it('sends --count N, exits 0 and writes a complete ledger', async () => {
    const ledgerFile = join(dir, 'ledger.json');
    const run = await aimon([
      'simulate',
      '--count',
      '1000',
      '--rate',
      '2000/s',
      '--endpoint',
      sink.grpcEndpoint,
      '--run-id',
      'cli-ok',
      '--seed',
      '3',
      '--ledger',
      ledgerFile,
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as RunLedger;
    expect(ledger).toMatchObject({
      schema: 'aimon.ledger/v1',
      runId: 'cli-ok',
      seed: 3,
      protocol: 'grpc',
      runTags: true,
      temporality: 'delta',
    });
    expect(ledger.records).toMatchObject({
      scheduled: 1000,
      sent: 1000,
      acknowledged: 1000,
      failed: 0,
      missed: 0,
    });
    expect(ledger.seq.expected).toEqual([[0, 999]]);
    expect(Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(ledger.breakdowns.length).toBeGreaterThan(0);
    expect(ledger.metrics.length).toBeGreaterThan(0);
    expect(ledger.timeline.reduce((a, p) => a + p.acknowledged, 0)).toBe(1000);
    expect(sink.run('cli-ok')).toMatchObject({ unique: 1000, duplicateRecords: 0 });
  });

  it('prints JSON with --json over HTTP', async () => {
    const run = await aimon([
      'simulate',
      '--count',
      '200',
      '--rate',
      'max',
      '--protocol',
      'http',
      '--endpoint',
      sink.httpEndpoint,
      '--run-id',
      'cli-json',
      '--json',
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      exitCode: 0,
      ledger: { runId: 'cli-json', records: { acknowledged: 200 } },
    });
  });

  it('fails fast with exit 3 and one line when nothing answers at the start', async () => {
    const port = await findFreePort();
    const ledgerFile = join(dir, 'down.json');
    const started = Date.now();
    const run = await aimon([
      'simulate',
      '--count',
      '100',
      '--rate',
      'max',
      '--endpoint',
      `127.0.0.1:${port}`,
      '--ledger',
      ledgerFile,
      '--quiet',
    ]);
    expect(run.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(10_000); // not after --retry-for's 60 s
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^aimon: nothing answers at grpc 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED`),
    );
    await expect(readFile(ledgerFile, 'utf8')).rejects.toThrow(/ENOENT/); // nothing was sent
  });

  it('rejects bad input with one line and exit 2', async () => {
    const run = await aimon(['simulate', '--rate', 'abc/s']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'aimon: --rate "abc/s" is not a rate (expected e.g. 500/s, 30/m, 2/h or max)',
    );
    const bad = await aimon(['simulate', '--fault-withhold', '9-3', '--endpoint', sink.grpcEndpoint]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fault-withhold "9-3" is not a list of seq ranges');
  });

  it('lists and shows scenarios', async () => {
    const list = await aimon(['scenarios', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toContain('smoke');
    const show = await aimon(['scenarios', 'show', 'nope']);
    expect(show.code).toBe(2);
  });
});

/** `aimon …` in this process (no process start per case): exit code and everything written to stderr. */
async function aimonInProcess(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    return { code: await main(['node', 'aimon', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

/** Each bad input: exit 2, exactly one stderr line starting `aimon:`, no stack trace, and nothing sent. */
describe('aimon simulate bad input', () => {
  it('the built CLI: a CRLF header (once a grpc-js crash) and a ledger under /proc (once a hang)', async () => {
    const runs = await Promise.all([
      aimon(['simulate', '--endpoint', sink.grpcEndpoint, '--run-id', 'cli-crlf', '--header', 'a=b\r\nc']),
      aimon([
        'simulate',
        '--endpoint',
        sink.grpcEndpoint,
        '--run-id',
        'cli-proc',
        '--ledger',
        '/proc/x/l.json',
      ]),
    ]);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [
        2,
        'aimon: --header "a=b\\r\\nc": the value has a character gRPC metadata cannot carry (printable ASCII only: no CR, LF, tab or non-ASCII)\n',
      ],
      [2, 'aimon: --ledger /proc/x/l.json: /proc is a kernel filesystem, not a place to write files\n'],
    ]);
    expect(sink.run('cli-crlf').records + sink.run('cli-proc').records).toBe(0);
  });

  it('refuses every bad input before anything is sent', async () => {
    const file = (name: string): string => join(dir, 'bad-input', name);
    await mkdir(join(dir, 'bad-input', 'locked'), { recursive: true });
    await chmod(file('locked'), 0o500);
    await Promise.all([
      writeFile(file('not-pem.crt'), 'not a certificate\n'),
      writeFile(file('plain-file'), 'x\n'),
      writeFile(file('empty.yaml'), ''),
      writeFile(
        file('bomb.yaml'),
        [
          'a: &a [x, x, x, x, x, x, x, x, x]',
          ...'bcdef'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
        ].join('\n'),
      ),
      writeFile(file('users.yaml'), 'users: 1e12\n'),
      writeFile(file('sessions.yaml'), 'concurrentSessions: 1000000000000\n'),
    ]);
    const http = ['--protocol', 'http', '--endpoint', sink.httpEndpoint];
    const cases: Array<[string[], RegExp]> = [
      [['--header', 'a b=c'], /^aimon: --header "a b=c": "a b" is not a gRPC metadata key/],
      [
        ['--header', 'a=b\r\nc'],
        /^aimon: --header "a=b\\r\\nc": the value has a character gRPC metadata cannot carry/,
      ],
      [[...http, '--header', 'X Org=a'], /^aimon: --header "X Org=a": "X Org" is not an HTTP header name/],
      [['--cert-file', file('plain-file')], /^aimon: --cert-file needs --key-file/],
      [['--ca-file', file('not-pem.crt')], /^aimon: --ca-file .*not-pem\.crt is not a PEM certificate/],
      [
        ['--endpoint', '127.0.0.1:99999'],
        /^aimon: --endpoint "127\.0\.0\.1:99999": port 99999 is not a port/,
      ],
      [
        ['--protocol', 'http', '--endpoint', 'http://[::1'],
        /^aimon: --endpoint "http:\/\/\[::1" is not a URL/,
      ],
      [['--duration', '0s'], /^aimon: --duration "0s" is not a run length/],
      [['--scenario', file('empty.yaml')], /^aimon: .*empty\.yaml:1: the scenario is empty/],
      [['--scenario', file('bomb.yaml')], /^aimon: .*bomb\.yaml:3: too many YAML aliases/],
      [['--scenario', file('users.yaml')], /^aimon: .*users\.yaml:1: users must be at most 100,000/],
      [
        ['--scenario', file('sessions.yaml')],
        /^aimon: .*sessions\.yaml:1: concurrentSessions must be at most 10,000/,
      ],
      [['--output', file('')], /^aimon: --output .* is a directory/],
      [['--output', file('plain-file/out.jsonl')], /^aimon: --output .*: .*plain-file is not a directory/],
      [['--ledger', file('')], /^aimon: --ledger .* is a directory/],
      [['--ledger', file('plain-file/ledger.json')], /^aimon: --ledger .*: .*plain-file is not a directory/],
      [
        ['--ledger', '/proc/aimon-test/ledger.json'],
        /^aimon: --ledger \/proc\/aimon-test\/ledger\.json: \/proc is a kernel filesystem/,
      ],
    ];
    if (process.getuid?.() !== 0)
      cases.push([
        ['--ledger', file('locked/ledger.json')],
        /^aimon: --ledger .*: cannot create files in .*locked \(EACCES\)/,
      ]);
    for (const [i, [args, message]] of cases.entries()) {
      const run = await aimonInProcess([
        'simulate',
        '--endpoint',
        sink.grpcEndpoint,
        '--count',
        '50',
        '--rate',
        'max',
        '--run-id',
        `cli-bad-${i}`,
        '--quiet',
        ...args,
      ]);
      expect({ args, code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(sink.run(`cli-bad-${i}`).records).toBe(0);
    }
    await expect(stat(file('plain-file/ledger.json'))).rejects.toThrow(/ENOTDIR/);
  });

  it('SIGTERM stops the run and writes an exact ledger, as SIGINT does', async () => {
    const ledgerFile = join(dir, 'sigterm.json');
    const child = spawn(
      process.execPath,
      [
        cli,
        'simulate',
        '--rate',
        '2000/s',
        '--duration',
        '60s',
        '--endpoint',
        sink.grpcEndpoint,
        '--run-id',
        'cli-sigterm',
        '--ledger',
        ledgerFile,
        '--quiet',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (sink.run('cli-sigterm').unique < 1000 && Date.now() < deadline) await sleep(50);
    expect(child.kill('SIGTERM')).toBe(true);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')) as RunLedger;
    const received = sink.run('cli-sigterm');
    expect(received.duplicateRecords).toBe(0);
    expect(received.unique).toBeLessThan(60 * 2000); // it stopped early
    // Exact: the ledger holds what the receiver acknowledged, no more and no less.
    expect(ledger.records).toMatchObject({ sent: received.unique, acknowledged: received.unique, failed: 0 });
    expect(ledger.seq.expected).toEqual(sink.seqRanges('cli-sigterm'));
    expect(Object.values(ledger.eventCounts).reduce((a, b) => a + b, 0)).toBe(received.unique);
    expect(ledger.timeline.reduce((a, p) => a + p.acknowledged, 0)).toBe(received.unique);
  });
});
