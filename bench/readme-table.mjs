// Prints bench/results.json as the Markdown table of the docs/performance.md "Performance" section, and
// replaces the table between the <!-- bench:begin --> and <!-- bench:end --> markers with
// `--write`. Run after a full `npm run bench`.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ROOT } from './lib.mjs'

const results = JSON.parse(await readFile(path.join(ROOT, 'bench', 'results.json'), 'utf8'))
const cell = (text) => String(text).replace(/\|/g, '\\|')
const m = results.machine
const missed = results.rows.filter((r) => r.status === 'MISSED')
const lines = [
  `One full run on ${results.date.slice(0, 10)}: ${m.cpus} x ${m.cpu}, ${m.memGb} GB, Node ${m.node.replace(/^v/, '')}${results.quick ? " (QUICK mode: smaller runs, not the targets' sizes)" : ''}.`,
  `Targets missed in this run: ${missed.length === 0 ? 'none' : missed.map((r) => `${r.section} ${r.what}`).join('; ')}.`,
  '',
  '| | what | measured [spread] | target | |',
  '| --- | --- | --- | --- | --- |',
  ...results.rows.map((r) => `| ${cell(r.section)} | ${cell(r.what)} | ${cell(r.value)} | ${cell(r.target || '—')} | ${r.status} |`),
]
const table = lines.join('\n')
if (!process.argv.includes('--write')) {
  console.log(table)
} else {
  const readme = path.join(ROOT, 'docs', 'performance.md')
  const text = await readFile(readme, 'utf8')
  const begin = '<!-- bench:begin -->'
  const end = '<!-- bench:end -->'
  const a = text.indexOf(begin)
  const b = text.indexOf(end)
  if (a < 0 || b < a) throw new Error(`docs/performance.md has no ${begin} ... ${end} markers`)
  await writeFile(readme, `${text.slice(0, a + begin.length)}\n${table}\n${text.slice(b)}`)
  console.log('updated the Performance table in docs/performance.md')
}
