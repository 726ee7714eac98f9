import { compareReports, type Comparison, type MetricDelta } from '../../compare/compare.js'
import { parseTolerances, readReport } from '../../compare/read-report.js'
import { EXIT } from '../../core/errors.js'
import { formatValue } from '../../reporters/format-metric.js'

import type { CompareFlags } from '../../options/command-options.js'

/** `banter compare BASE HEAD`: prints what changed; 1 on a regression, 0 otherwise. */
export async function compareCommand(baseFile: string, headFile: string, flags: CompareFlags): Promise<number> {
  const tolerances = parseTolerances(flags.tolerance ?? [])
  const cwd = process.cwd()
  const [base, head] = [await readReport(baseFile, cwd), await readReport(headFile, cwd)]
  const result = compareReports(base, head, tolerances)
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderComparison(result))
  return result.regressed ? EXIT.failed : EXIT.ok
}

export function renderComparison(c: Comparison): string {
  const out: string[] = []
  const list = (title: string, items: Comparison['fixed']) => {
    if (items.length === 0) return
    out.push(`${title} (${items.length})`, ...items.map((i) => `  ${i.name} (${i.file}): ${i.base} → ${i.head}`), '')
  }
  list('Newly failing', c.newFailures)
  list('Fixed', c.fixed)
  list('Newly flaky (some runs passed, some not)', c.newlyFlaky)
  const rows = c.metrics.filter((m) => m.base !== null || m.head !== null).map(row)
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['metric', 'base', 'head', 'delta'], ...rows].map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  out.push(line(['metric', 'base', 'head', 'delta']), ...rows.map((r) => line(r)), '')
  const saturated = saturatedSides(c)
  if (saturated)
    out.push(
      `warning: ${saturated}'s latencies include banter's own queueing (runner_saturated): a latency change may be banter's, not the assistant's`,
      '',
    )
  const worse = c.metrics.filter((m) => m.regressed).map((m) => m.metric)
  out.push(
    c.regressed
      ? `REGRESSION: ${[c.newFailures.length > 0 ? `${c.newFailures.length} newly failing` : '', worse.length > 0 ? `worse ${worse.join(', ')}` : ''].filter(Boolean).join('; ')}`
      : 'no regression',
  )
  return `${out.join('\n')}\n`
}

function row(m: MetricDelta): string[] {
  const d = m.delta === null ? 'n/a' : `${m.delta > 0 ? '+' : ''}${formatValue(m.metric, m.delta)}`
  return [m.metric, formatValue(m.metric, m.base), formatValue(m.metric, m.head), `${d}${m.regressed ? '  ✗ worse' : ''}`]
}

/** "base", "head" or "base and head": the runs whose runner saturated, so their latencies are not all the assistant's. */
function saturatedSides(c: Comparison): string | undefined {
  const m = c.metrics.find((d) => d.metric === 'runner_saturated')
  const sides = (['base', 'head'] as const).filter((side) => m?.[side] === 1)
  return sides.length > 0 ? sides.join(' and ') : undefined
}
