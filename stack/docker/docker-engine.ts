import { runCommand, whichBinary } from '../process/run-command.js';

/** Does a Docker engine answer? (The client alone is not enough.) */
export async function dockerEngineAnswers(timeoutMs = 5_000): Promise<boolean> {
  const docker = await whichBinary('docker');
  if (!docker) return false;
  try {
    const { code } = await runCommand(docker, ['info', '--format', '{{.ServerVersion}}'], { timeoutMs });
    return code === 0;
  } catch {
    return false;
  }
}
