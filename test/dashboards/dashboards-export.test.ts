import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/live/cli.js';

/** `aimon dashboards export DIR`, run as a user would (the built CLI). */
describe('aimon dashboards export', () => {
  const root = mkdtempSync(join(tmpdir(), 'aimon-dash-export-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes every dashboard as import-ready JSON: __inputs, ${DS_…} defaults, no provisioned uid left', async () => {
    const dir = join(root, 'new', 'dir');
    const result = await runCli(['dashboards', 'export', dir]);
    expect(result.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['claude-code.json', 'codex.json', 'overview.json']);
    expect(result.stdout.trim().split('\n')).toEqual(files.map((f) => join(dir, f)));
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const dashboard = JSON.parse(text) as {
        __inputs: Array<{ type: string; pluginId: string }>;
        __requires: Array<{ type: string; id: string }>;
        templating: { list: Array<{ type: string; current?: { value?: string } }> };
      };
      expect(dashboard.__inputs.map((i) => [i.type, i.pluginId])).toEqual([
        ['datasource', 'prometheus'],
        ['datasource', 'victoriametrics-logs-datasource'],
      ]);
      expect(dashboard.__requires.filter((r) => r.type === 'datasource').map((r) => r.id)).toEqual([
        'prometheus',
        'victoriametrics-logs-datasource',
      ]);
      expect(text).not.toMatch(/aimon-(prometheus|victorialogs)/);
      // Every datasource reference is a variable; the variables default to the inputs.
      for (const match of text.matchAll(/"uid": "([^"]*)"/g)) {
        if (match[1] === '-- Mixed --' || /^aimon-(claude-code|codex|overview)$/.test(match[1]!)) continue;
        expect(match[1]).toMatch(/^\$\{ds_(prometheus|victorialogs)\}$/);
      }
      expect(
        dashboard.templating.list.filter((v) => v.type === 'datasource').map((v) => v.current?.value),
      ).toEqual(['${DS_PROMETHEUS}', '${DS_VICTORIALOGS}']);
    }
  });

  it('exits 2 with one line when a file is in the way', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const result = await runCli(['dashboards', 'export', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `aimon: dashboards export: ${file} cannot be created (a file is in the way)`,
    );
  });
});
