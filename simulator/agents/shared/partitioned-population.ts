import type { Weighted, WorkloadProfile } from '../agent-model.js';
import { ownsUser, partitionSeed, shareOf, WHOLE_RUN } from '../../partition.js';
import { Prng } from './prng.js';
import { WeightedChoice } from './weighted-choice.js';

export interface Population<U> {
  /** Picks the user of each new session, by activity weight, among the partition's users. */
  readonly users: WeightedChoice<U>;
  /** Sessions alive at once in this partition. */
  readonly concurrentSessions: number;
  /** The stream sessions draw from: the model's own for the whole run, else one of the partition's own. */
  readonly prng: Prng;
}

/**
 * The partition's part of a model's population (simulator/partition.ts). `weighted` lists every user with its
 * activity weight, built from the seed as the whole run builds them, so user identities are the same in any layout;
 * the partition keeps the users whose index is p mod P and its share of the sessions, and its sessions draw from a
 * PRNG seeded for the partition. For the whole run nothing changes: every user, every session, the model's PRNG.
 */
export function partitionPopulation<U extends { readonly index: number }>(
  profile: WorkloadProfile,
  weighted: readonly Weighted<U>[],
  modelPrng: Prng,
  salt: number,
): Population<U> {
  const partition = profile.partition ?? WHOLE_RUN;
  if (partition.count === 1) {
    return {
      users: new WeightedChoice(weighted),
      concurrentSessions: profile.concurrentSessions,
      prng: modelPrng,
    };
  }
  return {
    users: new WeightedChoice(weighted.filter((w) => ownsUser(partition, w.value.index))),
    concurrentSessions: shareOf(profile.concurrentSessions, partition),
    prng: new Prng(partitionSeed((profile.seed ^ salt) >>> 0, partition)),
  };
}
