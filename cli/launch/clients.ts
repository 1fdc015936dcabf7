/** The real assistant CLIs aimon can launch and test against, pinned to the versions telemetry.md was observed on. */
import { AGENTS, type ClientName } from '../../core/agents.js';
export type { ClientName };

export interface ClientSpec {
  readonly name: ClientName;
  readonly displayName: string;
  readonly npmPackage: string;
  /** Pinned version for tests and `aimon clients install` (they change weekly; telemetry.md is per version). */
  readonly version: string;
  /** Executable name on PATH and under node_modules/.bin. */
  readonly binName: string;
  /** Directory name under <cacheDir>/clients/. */
  readonly cacheKey: string;
}

export const CLIENTS: Readonly<Record<ClientName, ClientSpec>> = {
  claude: {
    name: AGENTS.claude_code.client,
    displayName: AGENTS.claude_code.displayName,
    npmPackage: '@anthropic-ai/claude-code',
    version: AGENTS.claude_code.version,
    binName: 'claude',
    cacheKey: `claude-code-${AGENTS.claude_code.version}`,
  },
  codex: {
    name: AGENTS.codex.client,
    displayName: `${AGENTS.codex.displayName} CLI`,
    npmPackage: '@openai/codex',
    version: AGENTS.codex.version,
    binName: 'codex',
    cacheKey: `codex-${AGENTS.codex.version}`,
  },
};

export function installHint(spec: ClientSpec): string {
  return `install it with "npm install -g ${spec.npmPackage}" or "aimon clients install ${spec.name}", or pass --bin PATH`;
}
