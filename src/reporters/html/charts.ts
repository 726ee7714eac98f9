/**
 * Inline SVG charts: the latency histogram (from the cumulative buckets in RunMetrics) and the
 * intent confusion matrix as a heatmap. Labels come from the assistant, so they are escaped.
 */
import type { RunMetrics } from '../../report/model.js'
import { escapeHtml as esc } from './escape.js'

/** Per-bucket counts from the cumulative histogram, labelled by their upper bound. */
export function histogramBars(histogram: RunMetrics['response_time_histogram']): { label: string; count: number }[] {
  let previous = 0
  let lower = 0
  return histogram.map(({ le, count }) => {
    const bar = { label: le === null ? `> ${lower} ms` : `≤ ${le} ms`, count: Math.max(0, count - previous) }
    previous = count
    if (le !== null) lower = le
    return bar
  })
}

export function histogramSection(metrics: RunMetrics | undefined): string {
  if (!metrics || metrics.response_time_histogram.length === 0) return ''
  const bars = histogramBars(metrics.response_time_histogram)
  const max = Math.max(1, ...bars.map((b) => b.count))
  const barW = 48
  const height = 160
  // Bucket labels are slanted, so long bounds (≤ 10000, > 30000) never run into each other.
  const labelRoom = 14 + Math.ceil(Math.max(...bars.map((b) => b.label.length)) * LABEL_CHAR_PX * Math.SQRT1_2)
  const width = bars.length * barW + 20 + labelRoom
  const rects = bars.map((b, i) => {
    const h = Math.round((b.count / max) * height)
    const x = 10 + labelRoom + i * barW
    return (
      `<g><title>${esc(`${b.label}: ${b.count} turns`)}</title><rect class="bar" x="${x + 4}" y="${height - h + 20}" width="${barW - 8}" height="${h}"/>` +
      `<text x="${x + barW / 2}" y="${height - h + 14}" text-anchor="middle">${b.count}</text>` +
      `<text transform="translate(${x + barW / 2 + 4},${height + 32}) rotate(-45)" text-anchor="end" class="axis">${esc(b.label.replace(' ms', ''))}</text></g>`
    )
  })
  const svgH = height + 32 + labelRoom
  return `<section id="latency"><h2>Response time (ms)</h2><svg role="img" aria-label="latency histogram" width="${width}" height="${svgH}" viewBox="0 0 ${width} ${svgH}">${rects.join('')}</svg></section>`
}

/** Width of a character of the 11px chart font, generously (labels get at least this much room). */
const LABEL_CHAR_PX = 7

export function confusionSection(metrics: RunMetrics | undefined): string {
  const labels = metrics?.confusion.labels ?? []
  if (!metrics || labels.length === 0) return ''
  const matrix = metrics.confusion.matrix
  const cell = 34
  const margin = Math.min(220, 12 + 7 * Math.max(...labels.map((l) => l.length)))
  const max = Math.max(1, ...matrix.flat())
  const size = margin + labels.length * cell
  // Column labels are slanted up and to the right: the last one needs room beyond the grid.
  const overhang = Math.ceil(Math.min(220, LABEL_CHAR_PX * Math.max(...labels.map((l) => l.length))) * 0.5) + 8
  const cells = labels.flatMap((expected, i) =>
    labels.map((actual, j) => {
      const n = matrix[i]?.[j] ?? 0
      const alpha = n === 0 ? 0 : 0.15 + 0.85 * (n / max)
      const cls = i === j ? 'hit' : 'miss'
      const x = margin + j * cell
      const y = margin + i * cell
      return (
        `<g><title>${esc(`expected ${expected}, got ${actual}: ${n}`)}</title><rect class="${cls}" x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill-opacity="${alpha.toFixed(3)}"/>` +
        `<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle">${n}</text></g>`
      )
    }),
  )
  const rowLabels = labels.map(
    (l, i) => `<text x="${margin - 6}" y="${margin + i * cell + cell / 2 + 4}" text-anchor="end">${esc(l)}</text>`,
  )
  const colLabels = labels.map(
    (l, j) => `<text transform="translate(${margin + j * cell + cell / 2 + 4},${margin - 6}) rotate(-60)">${esc(l)}</text>`,
  )
  return `<section id="confusion"><h2>Intent confusion (rows: expected, columns: actual)</h2><svg role="img" aria-label="intent confusion matrix" width="${size + 10 + overhang}" height="${size + 10}" viewBox="0 0 ${size + 10 + overhang} ${size + 10}">${rowLabels.join('')}${colLabels.join('')}${cells.join('')}</svg></section>`
}
