import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * The test tiers (CONTRIBUTING.md, "Tests"). Each project picks its files by folder, so a new test
 * file lands in a tier by where it is put; test/unit/test-tiers.test.ts fails when a *.test.ts
 * file belongs to no project or to two. `npm test -- --project unit` runs one tier.
 */
export const TIERS = {
  /** Pure and in-process, mirroring src/: no CLI spawns, no real sleeps, no full runs. */
  unit: ['test/unit/**/*.test.ts'],
  /** Whole runs in-process: run() or the CLI's main() against loopback servers. */
  pipeline: ['test/pipeline/**/*.test.ts', 'test/contract/**/*.test.ts'],
  /** The built CLI as a separate process: exit codes, signals, stdin, output (golden files). */
  cli: ['test/e2e/**/*.test.ts'],
  /** Generated inputs (fast-check). */
  property: ['test/property/**/*.test.ts'],
  /** The HTML report in Chromium (skipped without it unless CI is set). */
  browser: ['test/browser/**/*.test.ts'],
} as const

// Most tests of the slower tiers wait on sockets, timers and child processes rather than on the
// CPU, so two files run at once even on a two-core machine (vitest's default, one worker per
// core minus one, is a single worker there). More workers than that made the tests with time
// bounds miss them on a loaded machine. VITEST_MAX_WORKERS overrides it.
const WORKERS = Math.max(2, availableParallelism())

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    projects: Object.entries(TIERS).map(([name, include]) => ({
      extends: true,
      test: { name, include: [...include] },
    })),
  },
})
