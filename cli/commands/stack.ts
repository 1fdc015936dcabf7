import type { Command } from 'commander';

// Placeholder: replaced by the owner of this command.
export function registerStackCommands(_program: Command): void {}
