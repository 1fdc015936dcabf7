import { StackError } from '../../core/errors.js';
import type { Sink } from '../sinks/sink.js';

/**
 * Before anything is built: the sink's probe must find something listening, or the run stops with a StackError
 * (exit 3) and the sink is closed. A sink without a probe (a file) always passes.
 */
export async function requireReceiver(sink: Sink): Promise<void> {
  const why = await sink.probe?.();
  if (why === undefined) return;
  await sink.close();
  throw new StackError(
    `nothing answers at ${sink.protocol} ${sink.endpoint} (${why}): start the stack (aimon stack up) or check --endpoint; nothing was sent`,
  );
}
