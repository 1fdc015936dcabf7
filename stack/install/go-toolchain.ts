import { StackError } from '../../core/errors.js';
import { runCommand, whichBinary } from '../process/run-command.js';

/** The Go toolchain that builds the collector, VictoriaLogs and Prometheus (whose module needs go1.26.7). */
export async function requireGo(component: string): Promise<string> {
  const go = process.env.AIMON_GO ?? (await whichBinary('go'));
  if (!go) {
    throw new StackError(
      `cannot build ${component}: no Go toolchain found (go is not on PATH)`,
      [],
      'install Go 1.26.7 or newer (https://go.dev/dl), or run the stack with Docker: aimon stack up --docker',
    );
  }
  const { code, stdout } = await runCommand(go, ['version']);
  if (code !== 0) throw new StackError(`cannot build ${component}: "${go} version" failed`);
  const match = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(stdout);
  const version = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
  const needed = [1, 26, 7];
  const older = version && version.findIndex((v, i) => v !== needed[i]);
  if (version && older !== undefined && older >= 0 && version[older]! < needed[older]!) {
    throw new StackError(
      `cannot build ${component}: ${stdout.trim()} is too old (need go1.26.7 or newer)`,
      [],
      'upgrade Go, or run the stack with Docker: aimon stack up --docker',
    );
  }
  return go;
}
