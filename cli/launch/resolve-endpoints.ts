/** Finds the running stack's endpoints (its state file, else the ports from the environment or defaults). */
import type { StackEndpoints } from '../../core/endpoints.js';
import { readStackEndpoints } from '../../stack/stack-state.js';

export function resolveStackEndpoints(dataDir?: string): Promise<StackEndpoints> {
  return readStackEndpoints(dataDir);
}
