/** Runs a client CLI in the foreground: inherited stdio, its exit code becomes ours, signals reach it. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StackError } from '../../core/errors.js';

export async function runClient(
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const child = spawn(bin, args, { stdio: 'inherit', env });
  // Ctrl-C reaches the child through the terminal's process group; we only must not die first.
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals) => (): void => {
    child.kill(signal);
  };
  const onTerm = forward('SIGTERM');
  const onHup = forward('SIGHUP');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', (error) => reject(new StackError(`could not start ${bin}: ${error.message}`)));
      child.on('close', (code, signal) => {
        if (code !== null) resolve(code);
        else resolve(128 + (signal ? (constants.signals[signal] ?? 1) : 1));
      });
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
  }
}
