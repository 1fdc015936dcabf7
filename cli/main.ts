#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EXIT, StackError, UserError, errorMessage } from '../core/errors.js';
import { log } from '../core/logger.js';
import { packageVersion } from '../core/package-version.js';
import { registerStackCommands } from './commands/stack.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerScenariosCommands } from './commands/scenarios.js';
import { registerVerifyCommand } from './commands/verify.js';
import { registerDashboardsCommands } from './commands/dashboards.js';
import { registerLaunchCommands } from './commands/launch.js';
import { registerSetupCommands } from './commands/setup.js';

export function buildProgram(): Command {
  const program = new Command('aimon')
    .description('Monitoring stack and test harness for AI coding assistants (Claude Code, OpenAI Codex CLI)')
    .version(packageVersion())
    .option('--debug', 'show stack traces for every error')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerStackCommands(program);
  registerSimulateCommand(program);
  registerScenariosCommands(program);
  registerVerifyCommand(program);
  registerDashboardsCommands(program);
  registerLaunchCommands(program);
  registerSetupCommands(program);
  return program;
}

/** The one place that maps errors to exit codes. Commands return an exit code or throw. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug') || log.isDebug();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its one-line message (or the help / version text).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      if (error.code === 'commander.help') return EXIT.ok;
      return EXIT.userError;
    }
    if (error instanceof UserError) {
      log.info(`aimon: ${error.message}`);
      if (error.hint) log.info(`hint: ${error.hint}`);
      if (debug) log.info(error.stack ?? '');
      return EXIT.userError;
    }
    if (error instanceof StackError) {
      log.info(`aimon: ${error.message}`);
      if (error.logTail.length > 0) log.info(error.logTail.map((line) => `  | ${line}`).join('\n'));
      if (error.hint) log.info(`hint: ${error.hint}`);
      if (debug) log.info(error.stack ?? '');
      return EXIT.stackError;
    }
    log.info(`aimon: internal error: ${errorMessage(error)} (this is a bug)`);
    log.info(error instanceof Error ? (error.stack ?? '') : '');
    return EXIT.internal;
  }
}

const invokedDirectly = ((): boolean => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`aimon: internal error: ${errorMessage(error)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
