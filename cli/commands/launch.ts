import type { Command } from 'commander';

// Placeholder: replaced by the owner of this command.
export function registerLaunchCommands(_program: Command): void {}
