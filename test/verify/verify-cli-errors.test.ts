import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { PORT_ENV } from '../../core/endpoints.js';
import { findFreePort } from '../../core/ports.js';

/** `aimon verify …` in this process: exit code and everything written to stderr. */
async function verify(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    return { code: await main(['node', 'aimon', 'verify', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

/**
 * No stack answers here: an empty data dir, and every port the environment names is a free one. A flag checked
 * after the stack would show up as exit 3 (--no-start), never as a stack started by this test.
 */
let dataDir: string;
const savedEnv: Record<string, string | undefined> = {};
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aimon-verify-errors-'));
  for (const name of Object.values(PORT_ENV)) {
    savedEnv[name] = process.env[name];
    process.env[name] = String(await findFreePort());
  }
});
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
const noStack = (): string[] => ['--no-start', '--data-dir', dataDir];

/** Bad input is a one-line UserError (exit 2), before anything is sent or started. */
describe('aimon verify input errors', () => {
  it('refuses --ledger combined with load options', async () => {
    expect(await main(['node', 'aimon', 'verify', '--ledger', 'x.json', '--scenario', 'smoke'])).toBe(2);
  });
  it('refuses a ledger file that does not exist', async () => {
    expect(await main(['node', 'aimon', 'verify', '--ledger', '/nonexistent/ledger.json'])).toBe(2);
  });
  it('refuses an unknown suite', async () => {
    expect(
      await main(['node', 'aimon', 'verify', '--ledger', '/nonexistent/ledger.json', '--suites', 'nope']),
    ).toBe(2);
  });

  it('checks --rate and --count before the stack: exit 2, not 3', async () => {
    expect(await verify(['--rate', 'abc', ...noStack()])).toEqual({
      code: 2,
      stderr: 'aimon: --rate "abc" is not a rate (expected e.g. 500/s, 30/m, 2/h or max)\n',
    });
    expect(await verify(['--count', 'abc', ...noStack()])).toEqual({
      code: 2,
      stderr: 'aimon: --count "abc" is not a positive integer\n',
    });
  });

  it('checks the ledger and report paths before the stack', async () => {
    expect(await verify(['--count', '10', '--save-ledger', '/proc/x/ledger.json', ...noStack()])).toEqual({
      code: 2,
      stderr:
        'aimon: --save-ledger /proc/x/ledger.json: /proc is a kernel filesystem, not a place to write files\n',
    });
    expect(await verify(['--count', '10', '--junit', dataDir, ...noStack()])).toEqual({
      code: 2,
      stderr: `aimon: --junit ${dataDir} is a directory (expected a file name)\n`,
    });
  });

  it('a flag that is right reaches the stack check: exit 3 when none answers (--no-start)', async () => {
    const run = await verify(['--count', '10', '--save-ledger', join(dataDir, 'l.json'), ...noStack()]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^aimon: no stack answers at /);
  });

  it('--ledger with the stack down: exit 3, one line', async () => {
    const ledgerFile = join(dataDir, 'ledger.json');
    await writeFile(
      ledgerFile,
      JSON.stringify({
        schema: 'aimon.ledger/v1',
        runId: 'r1',
        scenario: 'smoke',
        runTags: true,
        window: { startMs: 0, endMs: 1 },
        records: { scheduled: 0, sent: 0, acknowledged: 0, failed: 0, missed: 0, withheld: 0, duplicated: 0 },
        seq: { first: 0, last: -1, expected: [], failed: [], withheld: [], duplicated: [] },
        eventCounts: {},
        breakdowns: [],
        metrics: [],
      }),
    );
    const run = await verify(['--ledger', ledgerFile, '--data-dir', dataDir]);
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^aimon: nothing answers at VictoriaLogs \(http:\/\/127\.0\.0\.1:\d+\/health\) and Prometheus \(http:\/\/127\.0\.0\.1:\d+\/-\/ready\): --ledger re-checks/,
    );
  });

  it('checks every target flag before anything is sent or started: one line, exit 2', async () => {
    const notPem = join(dataDir, 'not-pem.crt');
    await writeFile(notPem, 'not a certificate\n');
    const cases: Array<[string[], string]> = [
      [
        ['--victorialogs-url', 'not-a-url'],
        '--victorialogs-url "not-a-url" is not a URL (expected e.g. http://127.0.0.1:9428)',
      ],
      [['--prometheus-url', 'ftp://h:9090'], '--prometheus-url "ftp://h:9090": ftp is not http or https'],
      [
        ['--prometheus-url', 'http://u:p@h:9090'],
        '--prometheus-url "http://u:p@h:9090": put credentials in the basic-auth flag, not in the URL',
      ],
      [
        ['--victorialogs-url', 'http://h:9428', '--victorialogs-header', 'X-Tenant 1'],
        '--victorialogs-header "X-Tenant 1" is not a header (expected "Name: value")',
      ],
      [['--victorialogs-header', 'X-Tenant: 1'], '--victorialogs-header needs --victorialogs-url'],
      [
        ['--prometheus-url', 'https://h:9090', '--prometheus-ca-file', notPem],
        `--prometheus-ca-file ${notPem} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
      ],
      [
        ['--prometheus-url', 'http://h:9090', '--prometheus-basic-auth', 'nocolon'],
        '--prometheus-basic-auth is not user:password (no colon after a user name)',
      ],
      [
        ['--prometheus-url', 'http://h:9090', '--prometheus-insecure-skip-verify'],
        '--prometheus-url "http://h:9090" is http://: its TLS flags need https://',
      ],
      [
        ['--collector-metrics-url', 'h:8888/metrics'],
        '--collector-metrics-url "h:8888/metrics": h is not http or https',
      ],
      [
        ['--endpoint', 'https://h:4317', '--insecure'],
        '--insecure means no TLS, but --endpoint "https://h:4317" is https:// (use --insecure-skip-verify to skip certificate checks)',
      ],
      [
        ['--endpoint', 'h:4317', '--insecure', '--insecure-skip-verify'],
        '--insecure means no TLS and --insecure-skip-verify means TLS without certificate checks: give one',
      ],
      [
        ['--endpoint', 'h:4317', '--ca-file', notPem],
        `--ca-file ${notPem} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
      ],
      [
        ['--endpoint', 'h:4317', '--header', 'a b=c'],
        '--header "a b=c": "a b" is not a gRPC metadata key (letters, digits, - _ . only, no spaces)',
      ],
    ];
    for (const [args, message] of cases) {
      expect({ args, ...(await verify(['--count', '10', ...args, ...noStack()])) }).toEqual({
        args,
        code: 2,
        stderr: `aimon: ${message}\n`,
      });
    }
    // Target flags are checked before a --ledger file is read, too.
    expect(await verify(['--ledger', '/nonexistent/l.json', '--victorialogs-url', 'nope'])).toEqual({
      code: 2,
      stderr: 'aimon: --victorialogs-url "nope" is not a URL (expected e.g. http://127.0.0.1:9428)\n',
    });
  });

  it('targets given by flags are never started: exit 3 when they do not answer', async () => {
    const [vl, prom, otlp] = [await findFreePort(), await findFreePort(), await findFreePort()];
    const run = await verify([
      '--count',
      '10',
      '--save-ledger',
      join(dataDir, 'given.json'),
      '--quiet',
      '--endpoint',
      `127.0.0.1:${otlp}`,
      '--victorialogs-url',
      `http://127.0.0.1:${vl}`,
      '--prometheus-url',
      `http://127.0.0.1:${prom}`,
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^aimon: nothing answers at grpc 127\\.0\\.0\\.1:${otlp} `));
    await expect(stat(join(dataDir, 'stack.json'))).rejects.toThrow(/ENOENT/);
  });
});
