import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { victoriaLogsForceFlushUrl } from '../core/victoria-logs-auth.js';
import {
  ensureVictoriaLogsKeys,
  loadVictoriaLogsFlushKey,
  secureDataDir,
  victoriaLogsKeyFile,
} from './stack-secrets.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aimon-secrets-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('secureDataDir', () => {
  it('creates a new data dir 700', async () => {
    const dir = join(root, 'a', 'stack');
    await secureDataDir(dir);
    expect(await mode(dir)).toBe(0o700);
  });

  it('tightens an existing aimon data dir made 755 by an older aimon', async () => {
    const dir = join(root, 'stack');
    await mkdir(join(dir, 'victoria-logs'), { recursive: true });
    await writeFile(join(dir, 'stack.json'), '{}');
    await chmod(dir, 0o755);
    await secureDataDir(dir);
    expect(await mode(dir)).toBe(0o700);
  });

  it('leaves a wider dir with other content alone, with a warning', async () => {
    const dir = join(root, 'home');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await chmod(dir, 0o755);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await secureDataDir(dir);
    expect(await mode(dir)).toBe(0o755);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/readable by others .*not changing it/);
  });
});

describe('VictoriaLogs keys', () => {
  it('are made 600 in a 700 secrets dir on first use and reused after', async () => {
    const first = await ensureVictoriaLogsKeys(root);
    expect(first.flush).not.toBe(first.management);
    expect(first.flush).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await mode(join(root, 'secrets'))).toBe(0o700);
    for (const name of ['flush', 'management'] as const) {
      expect(await mode(victoriaLogsKeyFile(root, name))).toBe(0o600);
      expect((await readFile(victoriaLogsKeyFile(root, name), 'utf8')).trim()).toBe(first[name]);
    }
    await chmod(victoriaLogsKeyFile(root, 'flush'), 0o644);
    expect(await ensureVictoriaLogsKeys(root)).toEqual(first);
    expect(await mode(victoriaLogsKeyFile(root, 'flush'))).toBe(0o600);
  });

  it('the flush key registered for a URL goes into its force_flush URL (and only that URL)', async () => {
    const { flush } = await ensureVictoriaLogsKeys(root);
    await loadVictoriaLogsFlushKey(root, 'http://127.0.0.1:1/');
    expect(victoriaLogsForceFlushUrl('http://127.0.0.1:1')).toBe(
      `http://127.0.0.1:1/internal/force_flush?authKey=${flush}`,
    );
    const saved = process.env.AIMON_VICTORIALOGS_FLUSH_KEY;
    delete process.env.AIMON_VICTORIALOGS_FLUSH_KEY;
    try {
      expect(victoriaLogsForceFlushUrl('http://127.0.0.1:2')).toBe('http://127.0.0.1:2/internal/force_flush');
      process.env.AIMON_VICTORIALOGS_FLUSH_KEY = 'from env';
      expect(victoriaLogsForceFlushUrl('http://127.0.0.1:2')).toBe(
        'http://127.0.0.1:2/internal/force_flush?authKey=from%20env',
      );
    } finally {
      if (saved === undefined) delete process.env.AIMON_VICTORIALOGS_FLUSH_KEY;
      else process.env.AIMON_VICTORIALOGS_FLUSH_KEY = saved;
    }
  });
});

describe('the same secure defaults in compose and the collector config', () => {
  it('compose takes the VictoriaLogs keys from the environment with no default; the collector masks by default', async () => {
    const { parse } = await import('yaml');
    const { projectRoot } = await import('../core/paths.js');
    const compose = parse(await readFile(join(projectRoot(), 'stack', 'compose.yaml'), 'utf8')) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
    };
    const flags = compose.services.victorialogs!.command!;
    expect(flags).toContainEqual(
      expect.stringMatching(/^-forceFlushAuthKey=\$\{AIMON_VICTORIALOGS_FLUSH_KEY:\?/),
    );
    expect(flags).toContainEqual(
      expect.stringMatching(/^-partitionManageAuthKey=\$\{AIMON_VICTORIALOGS_MANAGEMENT_KEY:\?/),
    );
    expect(flags.some((f) => f.startsWith('-delete.enable'))).toBe(false);
    expect(compose.services['otel-collector']!.environment!.AIMON_TOOL_OUTPUT_REDACTION).toBe(
      '${AIMON_TOOL_OUTPUT_REDACTION:-secrets}',
    );
    const config = parse(
      await readFile(join(projectRoot(), 'stack', 'collector', 'config.yaml'), 'utf8'),
    ) as {
      processors: Record<string, unknown>;
      service: { pipelines: Record<string, { processors: string[] }> };
    };
    const logs = config.service.pipelines.logs!.processors;
    expect(logs.slice(0, 2)).toEqual([
      'memory_limiter',
      'redaction/${env:AIMON_TOOL_OUTPUT_REDACTION:-secrets}',
    ]);
    expect(Object.keys(config.processors)).toEqual(
      expect.arrayContaining(['redaction/secrets', 'redaction/off']),
    );
  });
});
