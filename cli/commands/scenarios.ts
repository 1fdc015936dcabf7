import type { Command } from 'commander';

// Placeholder: replaced by the owner of this command.
export function registerScenariosCommands(_program: Command): void {}
