import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * @types/k6 describes k6's JavaScript runtime: its modules (`k6`, `k6/http`, …) and globals (`__ENV`, `__VU`,
 * `__ITER`, `open`) do not exist in Node. aimon takes only k6's option types (`import type … from 'k6/options'`);
 * tsconfig's `paths` shim (types/k6-http.d.ts) keeps that import from loading k6's globals, and these rules catch
 * the rest (scenarios/k6-globals.test.ts proves both).
 */
const K6_RUNTIME =
  "exists only inside k6's runtime, not in Node: aimon takes k6's types only (import type { … } from 'k6/options')";

const K6_IMPORTS = {
  paths: [
    { name: 'k6', message: `k6 (even a type import loads its globals) ${K6_RUNTIME}` },
    { name: 'k6/options', allowTypeImports: true, message: `k6/options as a value ${K6_RUNTIME}` },
  ],
  patterns: [{ group: ['k6/*', '!k6/options'], message: `this k6 module ${K6_RUNTIME}` }],
};

/** test/support/pure/ is what unit tests may use: it must not start processes, servers or stacks. */
const PURE_SUPPORT =
  'test/support/pure/ holds helpers without processes or sockets; put this one in test/support/live/';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', K6_IMPORTS],
      '@typescript-eslint/triple-slash-reference': [
        'error',
        { path: 'never', types: 'never', lib: 'always' },
      ],
      'no-restricted-globals': [
        'error',
        ...['__ENV', '__VU', '__ITER', 'open'].map((name) => ({
          name,
          message: `k6's global ${name} ${K6_RUNTIME}`,
        })),
      ],
    },
  },
  {
    files: ['test/support/pure/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...K6_IMPORTS.paths,
            ...[
              'node:child_process',
              'node:net',
              'node:http',
              'node:http2',
              'node:worker_threads',
              'undici',
            ].map((name) => ({ name, message: PURE_SUPPORT })),
            { name: '@grpc/grpc-js', message: PURE_SUPPORT },
          ],
          patterns: [
            ...K6_IMPORTS.patterns,
            { group: ['**/live/*', '**/stack/*', '**/cli/*'], message: PURE_SUPPORT },
          ],
        },
      ],
    },
  },
);
