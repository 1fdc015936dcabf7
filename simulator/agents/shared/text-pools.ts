/**
 * Pools of realistic names, paths, commands and prompt texts, built once per model with a seeded faker so the
 * hot path only indexes arrays (faker is far too slow to call per event).
 */
import { Faker, base, en } from '@faker-js/faker';
import type { Prng } from './prng.js';

export interface SourceFile {
  readonly path: string;
  readonly language: string;
}

export interface TextPools {
  readonly projects: readonly string[];
  readonly files: readonly SourceFile[];
  readonly searchPatterns: readonly string[];
  readonly globPatterns: readonly string[];
  readonly prompts: readonly string[];
  readonly commitMessages: readonly string[];
  readonly shellCommands: readonly ShellCommand[];
  readonly codeLines: readonly string[];
  readonly outputLines: readonly string[];
}

export interface ShellCommand {
  /** First word, as Claude's bash_command attribute shows it. */
  readonly program: string;
  readonly command: string;
  readonly description: string;
  /** Counted by claude_code.commit.count / pull_request.count when it succeeds. */
  readonly creates?: 'commit' | 'pull_request';
}

const LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['ts', 'TypeScript'],
  ['tsx', 'TypeScript'],
  ['js', 'JavaScript'],
  ['py', 'Python'],
  ['go', 'Go'],
  ['rs', 'Rust'],
  ['java', 'Java'],
  ['md', 'Markdown'],
  ['json', 'JSON'],
  ['yaml', 'YAML'],
  ['sh', 'Shell'],
  ['css', 'CSS'],
];
const DIRS = [
  'src',
  'lib',
  'internal',
  'pkg',
  'app',
  'test',
  'scripts',
  'docs',
  'cmd',
  'services',
  'components',
  'api',
];

export function buildTextPools(seed: number): TextPools {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const word = (): string =>
    faker.word
      .noun()
      .toLowerCase()
      .replace(/[^a-z]/g, '') || 'util';
  const kebab = (): string => `${word()}-${word()}`;

  const projects = Array.from({ length: 24 }, kebab);
  const files: SourceFile[] = Array.from({ length: 240 }, () => {
    const [ext, language] = faker.helpers.arrayElement(LANGUAGES);
    const dir = faker.helpers.arrayElement(DIRS);
    const depth = faker.number.int({ min: 0, max: 2 });
    const middle = Array.from({ length: depth }, word).join('/');
    return { path: `${dir}/${middle ? middle + '/' : ''}${kebab()}.${ext}`, language };
  });
  const searchPatterns = Array.from({ length: 80 }, () =>
    faker.helpers.arrayElement([
      `${faker.hacker.verb()}${faker.helpers.arrayElement(['Handler', 'Config', 'Client', 'Error', 'State'])}`,
      `TODO|FIXME`,
      `function ${word()}`,
      `import .* from '${word()}'`,
      `class ${faker.person.lastName()}`,
      `${word()}_${word()}`,
    ]),
  );
  const globPatterns = Array.from({ length: 40 }, () =>
    faker.helpers.arrayElement([
      `**/*.${faker.helpers.arrayElement(LANGUAGES)[0]}`,
      `${faker.helpers.arrayElement(DIRS)}/**/*.ts`,
      `**/${word()}*`,
      `**/*.test.*`,
      `**/package.json`,
    ]),
  );
  const prompts = Array.from({ length: 160 }, () => {
    const file = faker.helpers.arrayElement(files).path;
    return faker.helpers.arrayElement([
      `Fix the failing test in ${file}`,
      `Add error handling to ${faker.hacker.verb()}${faker.helpers.arrayElement(['Request', 'Payload', 'Session'])} in ${file}`,
      `Why does ${file} ${faker.hacker.verb()} the ${faker.hacker.noun()} twice?`,
      `Refactor ${file} so the ${faker.hacker.adjective()} ${faker.hacker.noun()} is injected`,
      `Write tests for ${file}`,
      `${faker.hacker.phrase()}`,
      `Explain how the ${faker.hacker.noun()} in ${file} works`,
      `Rename ${word()} to ${word()} everywhere and update the docs`,
      `commit and open a PR`,
    ]);
  });
  const commitMessages = Array.from({ length: 60 }, () => faker.git.commitMessage().replace(/"/g, "'"));
  const shellCommands: ShellCommand[] = [];
  for (let i = 0; i < 160; i++) {
    const file = faker.helpers.arrayElement(files).path;
    const dir = faker.helpers.arrayElement(DIRS);
    const options: ShellCommand[] = [
      { program: 'npm', command: 'npm test', description: 'Run the test suite' },
      { program: 'npm', command: 'npm run build', description: 'Build the project' },
      { program: 'npx', command: `npx vitest run ${file}`, description: 'Run the tests for this file' },
      { program: 'npx', command: 'npx tsc --noEmit', description: 'Type-check the project' },
      { program: 'git', command: 'git status', description: 'Show working tree status' },
      { program: 'git', command: 'git diff', description: 'Show unstaged changes' },
      {
        program: 'git',
        command: `git log --oneline -${faker.number.int({ min: 5, max: 20 })}`,
        description: 'Show recent commits',
      },
      { program: 'ls', command: `ls -la ${dir}`, description: `List files in ${dir}` },
      { program: 'cat', command: `cat ${file}`, description: 'Show file contents' },
      { program: 'grep', command: `grep -rn "${word()}" ${dir}`, description: `Search ${dir} for usages` },
      {
        program: 'find',
        command: `find ${dir} -name "*.${faker.helpers.arrayElement(LANGUAGES)[0]}"`,
        description: 'Find source files',
      },
      { program: 'python', command: `python -m pytest ${dir} -q`, description: 'Run Python tests' },
      { program: 'go', command: `go test ./${dir}/...`, description: 'Run Go tests' },
      { program: 'cargo', command: 'cargo test', description: 'Run Rust tests' },
      { program: 'make', command: 'make lint', description: 'Run the linters' },
      { program: 'echo', command: `echo ${word()}`, description: 'Print a value' },
      {
        program: 'git',
        command: `git add -A && git commit -m "${faker.helpers.arrayElement(commitMessages)}"`,
        description: 'Commit the changes',
        creates: 'commit',
      },
      {
        program: 'gh',
        command: `gh pr create --title "${faker.helpers.arrayElement(commitMessages)}" --body "Summary of changes"`,
        description: 'Open a pull request',
        creates: 'pull_request',
      },
    ];
    shellCommands.push(faker.helpers.arrayElement(options));
  }
  const codeLines = Array.from({ length: 120 }, () =>
    faker.helpers.arrayElement([
      `const ${word()} = ${word()}(${word()});`,
      `return ${word()}.${word()}();`,
      `if (!${word()}) throw new Error('${faker.hacker.phrase().replace(/'/g, '')}');`,
      `export function ${word()}(${word()}: string): number {`,
      `// ${faker.hacker.phrase()}`,
      `import { ${word()} } from './${word()}.js';`,
    ]),
  );
  const outputLines = Array.from({ length: 120 }, () =>
    faker.helpers.arrayElement([
      `${faker.helpers.arrayElement(files).path}:${faker.number.int({ min: 1, max: 400 })}: ${faker.hacker.phrase()}`,
      `✓ ${faker.helpers.arrayElement(files).path} (${faker.number.int({ min: 1, max: 40 })} tests) ${faker.number.int({ min: 3, max: 900 })}ms`,
      `drwxr-xr-x  ${faker.number.int({ min: 2, max: 9 })} dev dev 4096 ${word()}`,
      `M ${faker.helpers.arrayElement(files).path}`,
      `${faker.git.commitSha({ length: 7 })} ${faker.helpers.arrayElement(commitMessages)}`,
      `${word()}`,
    ]),
  );
  return {
    projects,
    files,
    searchPatterns,
    globPatterns,
    prompts,
    commitMessages,
    shellCommands,
    codeLines,
    outputLines,
  };
}

/** Builds user identities (emails, host names) from a seeded faker. */
export function buildPeople(
  seed: number,
  count: number,
): { emails: string[]; hostNames: string[]; homes: string[] } {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed ^ 0x5eed);
  const emails: string[] = [];
  const hostNames: string[] = [];
  const homes: string[] = [];
  for (let i = 0; i < count; i++) {
    const first = faker.person
      .firstName()
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const last = faker.person
      .lastName()
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    emails.push(`${first}.${last}@example.com`);
    hostNames.push(`${first}-${faker.helpers.arrayElement(['laptop', 'mbp', 'dev', 'ws', 'box'])}`);
    homes.push(`/home/${first}`);
  }
  return { emails, hostNames, homes };
}

/** A few lines of text, for tool output. */
export function joinLines(prng: Prng, lines: readonly string[], count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += (i ? '\n' : '') + prng.pick(lines);
  return out;
}
