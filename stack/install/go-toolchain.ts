import { StackError } from '../../core/errors.js';
import { runCommand, whichBinary } from '../process/run-command.js';

/** The Go toolchain that builds the collector and VictoriaLogs; a clear error when it is missing. */
export async function requireGo(component: string): Promise<string> {
  const go = process.env.AIMON_GO ?? (await whichBinary('go'));
  if (!go) {
    throw new StackError(
      `cannot build ${component}: no Go toolchain found (go is not on PATH)`,
      [],
      'install Go 1.24 or newer (https://go.dev/dl), or run the stack with Docker: aimon stack up --docker',
    );
  }
  const { code, stdout } = await runCommand(go, ['version']);
  if (code !== 0) throw new StackError(`cannot build ${component}: "${go} version" failed`);
  const match = /go(\d+)\.(\d+)/.exec(stdout);
  if (match && (Number(match[1]) < 1 || (Number(match[1]) === 1 && Number(match[2]) < 24))) {
    throw new StackError(
      `cannot build ${component}: ${stdout.trim()} is too old (need go1.24 or newer)`,
      [],
      'upgrade Go, or run the stack with Docker: aimon stack up --docker',
    );
  }
  return go;
}
