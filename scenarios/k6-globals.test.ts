import { join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../core/paths.js';

/**
 * @types/k6 declares k6's runtime globals (`__ENV`, `__VU`, `__ITER`, `open`). aimon imports k6's option types, and
 * those globals must stay out of the Node program: tsconfig's `types: ["node"]` keeps @types/k6 from loading by
 * itself, and its `paths` shim for `k6/http` keeps `import type … from 'k6/options'` from loading k6's index (which
 * imports global.d.ts). ESLint catches value imports of k6's modules and uses of the globals.
 */
const root = projectRoot();

function programDiagnostics(probe: string, options: { withoutShim?: boolean } = {}): string[] {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const probePath = join(root, 'scenarios', '__k6_globals_probe__.ts');
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName === probePath
      ? ts.createSourceFile(fileName, probe, language)
      : getSourceFile(fileName, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === probePath || fileExists(fileName);
  // The program's own files (so every global they declare is in scope) plus the probe.
  const program = ts.createProgram({
    rootNames: [...parsed.fileNames.filter((f) => !f.endsWith('.test.ts')), probePath],
    options: { ...parsed.options, noEmit: true, ...(options.withoutShim ? { paths: {} } : {}) },
    host,
  });
  const source = program.getSourceFile(probePath)!;
  return ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe("k6's globals stay out of the Node program", () => {
  it("k6/options' types are usable, yet __ENV, __VU, __ITER and open are not declared", () => {
    const diagnostics = programDiagnostics(
      [
        "import type { Options, Scenario } from 'k6/options';",
        "export const options: Options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 1 } } };",
        'export const scenario: Scenario | undefined = options.scenarios?.a;',
        'export const a = __ENV;',
        'export const b = __VU;',
        'export const c = __ITER;',
        "export const d = open('x');",
      ].join('\n'),
    );
    expect(diagnostics.sort()).toEqual([
      "Cannot find name '__ENV'.",
      "Cannot find name '__ITER'.",
      "Cannot find name '__VU'.",
      "Cannot find name 'open'.",
    ]);
  }, 60_000);

  it('the check can fail: without the shim (or through k6 itself) the same import declares them', () => {
    const probe =
      "import type { Options } from 'k6/options';\nexport const o: Options = {};\nexport const vu: number = __VU;\nexport const a: Record<string, string> = __ENV;\n";
    expect(programDiagnostics(probe, { withoutShim: true })).toEqual([]);
    expect(programDiagnostics("import type {} from 'k6';\nexport const vu: number = __VU;\n")).toEqual([]);
  }, 60_000);

  it("the published declarations never import k6 (a user's program would get its globals)", () => {
    const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
    const program = ts.createProgram({
      rootNames: parsed.fileNames,
      options: { ...parsed.options, declaration: true, emitDeclarationOnly: true, noEmit: false },
    });
    const importingK6: string[] = [];
    let declarations = 0;
    const result = program.emit(undefined, (fileName, text) => {
      if (!fileName.endsWith('.d.ts')) return;
      declarations++;
      if (/from ['"]k6(\/|['"])|reference types=['"]k6/.test(text)) importingK6.push(fileName);
    });
    expect(result.emitSkipped).toBe(false);
    expect(declarations).toBeGreaterThan(100);
    expect(importingK6).toEqual([]);
  }, 60_000);

  it('ESLint refuses k6 modules as values, the k6 root even as types, and the globals', async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (code: string): Promise<string[]> => {
      const [result] = await eslint.lintText(code, { filePath: join(root, 'scenarios', 'probe.ts') });
      return result!.messages.map((m) => `${m.line}:${m.ruleId}`);
    };
    expect(await lint("import type { Options } from 'k6/options';\nexport const o: Options = {};\n")).toEqual(
      [],
    );
    expect(
      await lint(
        [
          '/// <reference types="k6" />',
          "import { Options } from 'k6/options';",
          "import http from 'k6/http';",
          "import type { JSONValue } from 'k6';",
          "import 'k6';",
          'export const x: [Options, unknown, JSONValue] = [{}, http, __VU + __ITER];',
          "export const y = [__ENV, open('f')];",
        ].join('\n'),
      ),
    ).toEqual([
      '1:@typescript-eslint/triple-slash-reference',
      '2:@typescript-eslint/no-restricted-imports',
      '3:@typescript-eslint/no-restricted-imports',
      '4:@typescript-eslint/no-restricted-imports',
      '5:@typescript-eslint/no-restricted-imports',
      '6:no-restricted-globals',
      '6:no-restricted-globals',
      '7:no-restricted-globals',
      '7:no-restricted-globals',
    ]);
  }, 60_000);
});
