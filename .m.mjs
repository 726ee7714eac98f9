import { parseDocument, LineCounter } from 'yaml'
import { parseYaml } from './dist/diagnostics/yaml-source.js'
const n = Number(process.argv[2]); const mode = process.argv[3]
let s = 'name: Many keys\nturns:\n  - user: hi\nvariables:\n'; for (let i = 0; i < n; i++) s += `  k${i}: v\n`
s += '  k0: dup\n'
const t0 = performance.now()
if (mode === 'before') { const d = parseDocument(s, { lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false }); console.log(n, 'before', Math.round(performance.now() - t0), 'ms', d.errors.map((e) => e.code)) }
else { const r = parseYaml('x.yaml', s); console.log(n, 'after', Math.round(performance.now() - t0), 'ms', r.diagnostics.map((d) => `${d.code} ${d.loc.line}:${d.loc.col}`)) }
