import { DEFAULT_PORTS, endpointsFor, type StackEndpoints } from '../../../core/endpoints.js';
import { startTestStack, type TestStack } from './test-stack.js';

/**
 * The stack a verify test runs against: a fresh native stack from startTestStack(), or, with
 * AIMON_VERIFY_DEV_STACK=1, the developer's running stack on the default ports (faster iteration).
 */
export async function verifyStack(): Promise<{
  endpoints: StackEndpoints;
  stack?: TestStack;
  stop(): Promise<void>;
}> {
  if (process.env.AIMON_VERIFY_DEV_STACK === '1')
    return { endpoints: endpointsFor(DEFAULT_PORTS), stop: async () => {} };
  const stack = await startTestStack();
  return { endpoints: stack.endpoints, stack, stop: () => stack.stop() };
}
