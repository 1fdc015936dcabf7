/**
 * The setup every real-client test shares: the pinned real CLIs (installed into the cache once), a real native
 * stack on free ports, and one session = a mock model API started for it, the real CLI run through
 * `aimon claude` / `aimon codex` against it, the mock closed again. A test file calls useRealClients() once at
 * its top level; the returned fixture is usable from its own beforeAll hooks on.
 */
import { afterAll, beforeAll } from 'vitest';
import { CLIENTS, type ClientName } from '../../cli/launch/clients.js';
import { installClient } from '../../cli/launch/install-clients.js';
import { startTestStack, type TestStack } from '../support/live/test-stack.js';
import {
  runClaudeViaAimon,
  runCodexViaAimon,
  type ClaudeRunOptions,
  type ClientRun,
  type CodexRunOptions,
} from './client-runs.js';
import { startMockAnthropic, type AnthropicScript, type MockAnthropic } from './mock-anthropic.js';
import { startMockOpenAI, type MockOpenAI, type ResponsesScript } from './mock-openai.js';
import { countBy, pollUntil, queryLogs, type LogRow } from './stack-queries.js';

export interface RealClientFixture {
  /** The native stack this file's tests send to (throws if the fixture was made with `stack: false`). */
  readonly stack: TestStack;
  /** The installed binary of a client named in useRealClients(). */
  bin(client: ClientName): string;
}

export interface RealClientOptions {
  /** Start a native stack for the file (default true; conformance sends to its own capture instead). */
  readonly stack?: boolean;
}

/** Installs the given clients and starts the stack before the file's tests; stops the stack after them. */
export function useRealClients(
  clients: readonly ClientName[],
  options: RealClientOptions = {},
): RealClientFixture {
  let stack: TestStack | undefined;
  const bins = new Map<ClientName, string>();
  beforeAll(async () => {
    for (const client of clients)
      bins.set(client, await installClient(CLIENTS[client], { onProgress: (line) => console.log(line) }));
    if (options.stack !== false) stack = await startTestStack();
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    get stack(): TestStack {
      if (!stack)
        throw new Error('the real-client fixture has no stack (stack: false, or beforeAll has not run)');
      return stack;
    },
    bin(client: ClientName): string {
      const bin = bins.get(client);
      if (!bin)
        throw new Error(`the real-client fixture did not install ${client} (or beforeAll has not run)`);
      return bin;
    },
  };
}

export interface ClaudeSession {
  readonly run: ClientRun;
  readonly mock: MockAnthropic;
}

/** One real Claude Code session against a mock Messages API that answers with `script`. */
export async function claudeSession(
  script: AnthropicScript,
  options: Omit<ClaudeRunOptions, 'anthropicUrl'>,
): Promise<ClaudeSession> {
  const mock = await startMockAnthropic(script);
  try {
    return { run: await runClaudeViaAimon({ ...options, anthropicUrl: mock.url }), mock };
  } finally {
    await mock.close();
  }
}

export interface CodexSession {
  readonly run: ClientRun;
  readonly mock: MockOpenAI;
}

/** One real Codex session against a mock Responses API that answers with `script`. */
export async function codexSession(
  script: ResponsesScript,
  options: Omit<CodexRunOptions, 'openaiUrl'>,
): Promise<CodexSession> {
  const mock = await startMockOpenAI(script);
  try {
    return { run: await runCodexViaAimon({ ...options, openaiUrl: mock.url }), mock };
  } finally {
    await mock.close();
  }
}

/**
 * The stored records matching `logsql`, polled until every event in `expectedCounts` has at least that many
 * (or the deadline: the caller asserts on what came back).
 */
export function storedRecords(
  stack: TestStack,
  logsql: string,
  expectedCounts: Readonly<Record<string, number>>,
): Promise<LogRow[]> {
  return pollUntil(
    () => queryLogs(stack.endpoints.victoriaLogs, logsql),
    (rows) =>
      Object.entries(expectedCounts).every(([event, n]) => (countBy(rows, 'event.name')[event] ?? 0) >= n),
  );
}
