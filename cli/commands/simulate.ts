import type { Command } from 'commander';

// Placeholder: replaced by the owner of this command.
export function registerSimulateCommand(_program: Command): void {}
