import type { SimEvent } from '../agent-model.js';
import type { Prng } from './prng.js';

export interface SimSession {
  readonly done: boolean;
  /** Identity of the session's metric series (MetricIncrement.session), named by SimEvent.endsSession. */
  readonly owner: object;
  next(nowMs: number): SimEvent;
}

/**
 * Interleaves `size` live sessions: each event comes from a random slot, and a finished session is replaced by a
 * new one in its slot, so the workload never ends and the number of sessions alive stays constant. A session's last
 * event carries `endsSession`: the session's `owner`, which its metric increments name as `session`.
 */
export function createSessionPool<S extends SimSession>(
  size: number,
  prng: Prng,
  startSession: () => S,
): (nowMs: number) => SimEvent {
  const slots: S[] = [];
  for (let i = 0; i < size; i++) slots.push(startSession());
  return (nowMs) => {
    const slot = slots.length === 1 ? 0 : Math.floor(prng.next() * slots.length);
    let session = slots[slot]!;
    if (session.done) {
      session = startSession();
      slots[slot] = session;
    }
    const event = session.next(nowMs);
    return session.done ? { ...event, endsSession: session.owner } : event;
  };
}
