import { appendFile } from 'node:fs/promises'
import { renderMarkdown } from '../reporters/markdown.js'
import type { RunReport } from '../report/model.js'
import { neutraliseDeep } from '../util/safe-text.js'

/** Appends the Markdown summary to `$GITHUB_STEP_SUMMARY` when GitHub Actions sets it. */
export async function appendStepSummary(report: RunReport, env: NodeJS.ProcessEnv): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    await appendFile(file, `${renderMarkdown(neutraliseDeep(report))}\n`)
  } catch (err) {
    process.stderr.write(
      `warning: could not append to GITHUB_STEP_SUMMARY (${file}): ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`,
    )
  }
}
