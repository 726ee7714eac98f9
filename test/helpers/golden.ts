import os from 'node:os'
import { expect } from 'vitest'
import { stabilize } from './stabilize.js'

/**
 * Output as it is kept in a golden file: times, durations and ports blanked (stabilize), the
 * machine's own paths (this checkout, the temp folder) written as <cwd> and <tmp>, and the
 * RUNNER_SATURATED warning dropped (it says how loaded the machine running the tests was).
 */
function stableOutput(text: string): string {
  return stabilize(text.replaceAll(process.cwd(), '<cwd>').replaceAll(os.tmpdir(), '<tmp>'))
    .replace(/^warning: .*\(RUNNER_SATURATED\)\n/m, '')
    .replace(/\n{3,}/g, '\n\n')
}

/**
 * Compares `text`, stabilized, with the golden file `test/e2e/golden/<name>` (vitest's file
 * snapshot). A golden file changes only on purpose: `npx vitest run --project cli -u` rewrites
 * them, and the diff is reviewed like code. With CI set, a missing file fails instead of being written.
 */
export async function expectGolden(name: string, text: string): Promise<void> {
  await expect(stableOutput(text)).toMatchFileSnapshot(`../e2e/golden/${name}`)
}
