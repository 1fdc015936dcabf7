import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{cli,core,dashboards,simulator,stack,scenarios,assertions}/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // End-to-end suites start real processes on free ports; run files one at a time
          // so two stacks never compete for the machine's two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
