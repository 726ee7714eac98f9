// Prints bench/results.json as the Markdown table of the docs/performance.md "Performance" section.
// With `--write`, replaces the table between the <!-- bench:begin --> and <!-- bench:end -->
// markers of docs/performance.md, and the short summary between the same markers in README.md
// (every row with a target, met or missed, and the scale floors). Run after a full `npm run bench`.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ROOT } from './lib.mjs'

const BEGIN = '<!-- bench:begin -->'
const END = '<!-- bench:end -->'

const results = JSON.parse(await readFile(path.join(ROOT, 'bench', 'results.json'), 'utf8'))
const cell = (text) => String(text).replace(/\|/g, '\\|')
const m = results.machine
const missed = results.rows.filter((r) => r.status === 'MISSED')
const targeted = results.rows.filter((r) => r.status)
// The README lists the rows with a target, and the scale section's floors that explain them.
const quoted = results.rows.filter((r) => r.status || r.section === '(f) scale')
const ran = `${results.date.slice(0, 10)}: ${m.cpus} x ${m.cpu}, ${m.memGb} GB, Node ${m.node.replace(/^v/, '')}${results.quick ? " (QUICK mode: smaller runs, not the targets' sizes)" : ''}`
// Rows re-run alone after the full run (BENCH_MERGE=1) say so.
const reruns = results.rows.filter((r) => r.rerun)
const rerunNote = reruns.length
  ? [
      `Re-run alone afterwards on the quiet machine, since the full run measured them while other jobs loaded it: ${reruns.map((r) => `${r.section} ${r.what}`).join('; ')} (${reruns[0].rerun.slice(0, 16).replace('T', ' ')} UTC).`,
    ]
  : []
const status = (r) => `${r.status}${r.rerun ? ' (re-run)' : ''}`
const table = [
  `One full run on ${ran}.`,
  ...rerunNote,
  `Targets missed in this run: ${missed.length === 0 ? 'none' : missed.map((r) => `${r.section} ${r.what}`).join('; ')}.`,
  '',
  '| | what | measured [spread] | target | |',
  '| --- | --- | --- | --- | --- |',
  ...results.rows.map((r) => `| ${cell(r.section)} | ${cell(r.what)} | ${cell(r.value)} | ${cell(r.target || '—')} | ${status(r)} |`),
].join('\n')
const summary = [
  `The latest full \`npm run bench\` (${ran}) met ${targeted.length - missed.length} of ${targeted.length} targets;` +
    ` [docs/performance.md](docs/performance.md) has every row, its spread${missed.length === 0 ? ' and what limits the rows near their targets' : ' and why a target is missed'}.`,
  '',
  ...quoted.map((r) =>
    r.status
      ? `- ${r.status === 'met' ? 'met' : '**missed**'}${r.rerun ? ' (re-run alone)' : ''}: ${r.what}: ${r.value} (target ${r.target})`
      : `- for scale: ${r.what}: ${r.value}`,
  ),
].join('\n')

async function replace(file, text) {
  const old = await readFile(file, 'utf8')
  const a = old.indexOf(BEGIN)
  const b = old.indexOf(END)
  if (a < 0 || b < a) throw new Error(`${path.relative(ROOT, file)} has no ${BEGIN} ... ${END} markers`)
  await writeFile(file, `${old.slice(0, a + BEGIN.length)}\n${text}\n${old.slice(b)}`)
}

if (!process.argv.includes('--write')) {
  console.log(`${table}\n\n${summary}`)
} else {
  await replace(path.join(ROOT, 'docs', 'performance.md'), table)
  await replace(path.join(ROOT, 'README.md'), summary)
  console.log('updated the bench table in docs/performance.md and its summary in README.md')
}
