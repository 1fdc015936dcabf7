/** The real assistant CLIs aimon can launch and test against, pinned to the versions telemetry.md was observed on. */
export type ClientName = 'claude' | 'codex';

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
    name: 'claude',
    displayName: 'Claude Code',
    npmPackage: '@anthropic-ai/claude-code',
    version: '2.1.332',
    binName: 'claude',
    cacheKey: 'claude-code-2.1.332',
  },
  codex: {
    name: 'codex',
    displayName: 'Codex CLI',
    npmPackage: '@openai/codex',
    version: '0.171.0',
    binName: 'codex',
    cacheKey: 'codex-0.171.0',
  },
};

export function installHint(spec: ClientSpec): string {
  return `install it with "npm install -g ${spec.npmPackage}" or "aimon clients install ${spec.name}", or pass --bin PATH`;
}
