import { UserError } from '../../../core/errors.js';
import type { WorkloadProfile } from '../agent-model.js';

/** Rejects a profile no model can run, with one line naming the field. */
export function checkProfile(agent: string, profile: WorkloadProfile): void {
  const fail = (what: string): never => {
    throw new UserError(`${agent} workload: ${what}`);
  };
  if (!Number.isInteger(profile.users) || profile.users < 1)
    fail(`users must be an integer ≥ 1 (got ${profile.users})`);
  if (!Number.isInteger(profile.concurrentSessions) || profile.concurrentSessions < 1) {
    fail(`concurrentSessions must be an integer ≥ 1 (got ${profile.concurrentSessions})`);
  }
  const parts = profile.partition?.count ?? 1;
  if (profile.users < parts)
    fail(
      `users (${profile.users}) must be at least the run's partitions (${parts}: shards × threads), one user each at least`,
    );
  if (profile.concurrentSessions < parts) {
    fail(
      `concurrentSessions (${profile.concurrentSessions}) must be at least the run's partitions (${parts}: shards × threads), one session each at least`,
    );
  }
  const [min, max] = profile.promptsPerSession;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    fail(`promptsPerSession must be [min, max] integers with 1 ≤ min ≤ max (got [${min}, ${max}])`);
  }
  for (const [name, rate] of [
    ['apiErrorRate', profile.apiErrorRate],
    ['toolRejectRate', profile.toolRejectRate],
    ['toolFailureRate', profile.toolFailureRate],
  ] as const) {
    if (!(rate >= 0 && rate <= 1)) fail(`${name} must be between 0 and 1 (got ${rate})`);
  }
  if (!profile.models.some((m) => m.weight > 0))
    fail('models needs at least one entry with a positive weight');
  if (!profile.tools.some((t) => t.weight > 0)) fail('tools needs at least one entry with a positive weight');
}
