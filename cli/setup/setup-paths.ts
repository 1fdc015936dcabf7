/** Where the real clients keep the config files `aimon setup` edits (the same lookups the clients do). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';

export type ClaudeScope = 'user' | 'project';

export function parseScope(value: string): ClaudeScope {
  if (value === 'user' || value === 'project') return value;
  throw new UserError(`--scope must be user or project (got "${value}")`);
}

/** user: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json; project: ./.claude/settings.json. */
export function claudeSettingsPath(scope: ClaudeScope, env: NodeJS.ProcessEnv, cwd: string): string {
  if (scope === 'project') return resolve(cwd, '.claude', 'settings.json');
  const configDir = env.CLAUDE_CONFIG_DIR;
  return configDir ? resolve(configDir, 'settings.json') : join(homedir(), '.claude', 'settings.json');
}

/** $CODEX_HOME/config.toml, else ~/.codex/config.toml. */
export function codexConfigPath(env: NodeJS.ProcessEnv): string {
  const codexHome = env.CODEX_HOME;
  return codexHome ? resolve(codexHome, 'config.toml') : join(homedir(), '.codex', 'config.toml');
}
