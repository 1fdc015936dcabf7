import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';

/** The ```ts block that follows the marker line in README.md. */
export function readmeBlock(readme: string, marker: string): string | undefined {
  const at = readme.indexOf(marker);
  if (at < 0) return undefined;
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  return match?.[1];
}

describe("README's library example", () => {
  it('is test/library/readme-example.test.ts, byte for byte (the file CI runs)', async () => {
    const readme = await readFile(join(projectRoot(), 'README.md'), 'utf8');
    const example = await readFile(join(projectRoot(), 'test', 'library', 'readme-example.test.ts'), 'utf8');
    const block = readmeBlock(readme, '<!-- test/library/readme-example.test.ts -->');
    expect(block, 'README.md lost the marked example block').toBeDefined();
    expect(block).toBe(example);
  });

  it('the block finder takes the first ts block after the marker only', () => {
    const text = '```ts\nbefore\n```\n<!-- m -->\ntext\n```ts\nmine\n```\n```ts\nafter\n```\n';
    expect(readmeBlock(text, '<!-- m -->')).toBe('mine\n');
    expect(readmeBlock(text, '<!-- other -->')).toBeUndefined();
  });
});
