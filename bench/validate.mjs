// (c) `banter validate` of 1,000 scenario files against a bare `yaml` parse of the same files, one
// process each (start-up included in both), alternating, median of 3.
import path from 'node:path'
import { writeScenarios } from './fixtures.mjs'
import { BIN, fmt, median, ROOT, timeCommand } from './lib.mjs'

export async function benchValidate(tmp, row) {
  const many = await writeScenarios(path.join(tmp, 'validate'), 1000, 1000)
  const validates = []
  const parses = []
  for (let i = 0; i < 3; i++) {
    const v = await timeCommand([BIN, 'validate', many])
    if (v.code !== 0) throw new Error(`validate failed: ${v.stderr.slice(0, 300)}`)
    validates.push(v.ms)
    const p = await timeCommand([path.join(ROOT, 'bench', 'yaml-parse.mjs'), many])
    if (p.code !== 0) throw new Error(`yaml parse failed: ${p.stderr.slice(0, 300)}`)
    parses.push(p.ms)
  }
  const ratio = median(validates) / median(parses)
  row(
    '(c) start-up',
    '`banter validate` on 1,000 files vs a bare `yaml` parse of them (one process each, median of 3)',
    `${fmt(median(validates))} ms vs ${fmt(median(parses))} ms (${fmt(ratio, 2)}x)`,
    '<= 1.5x',
    ratio <= 1.5,
  )
  return { validateMs: validates, yamlParseMs: parses, ratio }
}
