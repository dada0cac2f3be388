import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// One vitest run, one project per test layer (STYLE.md convention 8).
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { name: 'core', include: ['test/core/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'background', include: ['test/background/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [preact()],
        test: { name: 'panel', include: ['test/panel/**/*.test.{ts,tsx}'], environment: 'happy-dom', setupFiles: ['test/panel/setup.ts'] },
      },
      { test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'cli', include: ['test/cli/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
