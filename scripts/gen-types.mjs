// Regenerates the TypeScript types of the scenario, config and report formats from their JSON Schemas
// (the source of truth). `npm run gen:types` writes them; test/unit/schema-types.test.ts fails
// when the committed files drift from what this would write.
//
// Each schema compiles to one text, which is then split by concept: the definitions a target's
// `parts` name go to a file of their own (with `import type` for what they use from other
// parts), the rest stay in `out`, which also re-exports every part, so code imports all of a
// format's types from `out` as before. A part may use other parts' types but not `out`'s, so
// the files form no import cycle.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { compile } from 'json-schema-to-typescript'

export const TARGETS = [
  {
    schema: 'schema/scenario.schema.json',
    out: 'src/core/scenario.types.generated.ts',
    parts: {
      'src/core/scenario-expect.types.generated.ts': [
        'Expect',
        'ToolResults',
        'ToolCallExpect',
        'ToolCallsExpect',
        'NameOrNames',
        'IntentExpect',
        'EntityExpect',
        'EntitiesExpect',
        'TextOrTexts',
        'ReplyExpect',
        'ActionsExpect',
        'MessageExpect',
        'MessagesExpect',
        'JudgeExpect',
      ],
      'src/core/scenario-generator.types.generated.ts': [
        'GeneratorFile',
        'Generator',
        'GeneratorStep',
        'GeneratorTurn',
        'GeneratorOneOf',
        'GeneratorRepeat',
        'Slots',
      ],
    },
  },
  {
    schema: 'schema/config.schema.json',
    out: 'src/core/config.types.generated.ts',
    parts: {
      'src/core/config-endpoint.types.generated.ts': [
        'Endpoint',
        'ResponseMapping',
        'EntityMapping',
        'Session',
        'SessionRequest',
        'ToolResultsRequest',
        'Retry',
        'RasaOptions',
        'OpenAiOptions',
        'DirectLineOptions',
      ],
    },
  },
  {
    schema: 'schema/report.schema.json',
    out: 'src/report/types.generated.ts',
    parts: {
      'src/report/case.types.generated.ts': [
        'CaseResult',
        'CaseFeedback',
        'RepeatIndex',
        'TurnResult',
        'TurnError',
        'TurnAttempt',
        'Reply',
        'ReplyEntity',
        'ToolCall',
        'Verdict',
        'ValueDifference',
        'JudgeCall',
        'SourceLoc',
        'Status',
      ],
      'src/report/metrics.types.generated.ts': [
        'RunMetrics',
        'MetricDefinitions',
        'LatencyStats',
        'TtftStats',
        'ClassScores',
        'RunnerLoad',
        'JudgeCounts',
        'JudgeMetrics',
        'RepeatCounts',
      ],
      // What banter merge needs to combine shards' metrics exactly.
      'src/report/metric-state.types.generated.ts': ['MetricState', 'LatencyState', 'RateCounts', 'QualityCounts', 'TagCounts'],
    },
  },
]

/** The schema compiled to one TypeScript text, as json-schema-to-typescript writes it. */
async function compileSchema(schemaPath) {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'))
  return compile(schema, schema.title ?? 'Root', {
    bannerComment: '',
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    additionalProperties: false,
    strictIndexSignatures: false,
    format: true,
    style: { semi: false, singleQuote: true },
    cwd: 'schema',
  })
}

/** The text's top-level declarations in order, each with its JSDoc: `{name, text}`. */
function declarations(text) {
  const lines = text.trimEnd().split('\n')
  const starts = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^export (interface|type) /.test(lines[i])) continue
    // With its JSDoc, when the lines just above are one (top-level comments start at column 0).
    let start = i
    if (lines[i - 1] === ' */') {
      start = i - 1
      while (start > 0 && lines[start] !== '/**') start--
    }
    starts.push(start)
  }
  return starts.map((start, k) => {
    const chunk = lines.slice(start, k + 1 < starts.length ? starts[k + 1] : lines.length)
    while (chunk.at(-1) === '') chunk.pop()
    const body = chunk.join('\n')
    return { name: /^export (?:interface|type) (\w+)/m.exec(body)[1], text: body }
  })
}

/** The declared names a declaration's code (not its comments) uses. */
function uses(text, names) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '')
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(code))
}

/** `import type` lines for what `file` uses from the other files. */
function imports(file, used, fileOf) {
  const byFile = new Map()
  for (const name of used) {
    const from = fileOf.get(name)
    if (from === file) continue
    byFile.set(from, [...(byFile.get(from) ?? []), name])
  }
  return [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([from, names]) => `import type { ${names.sort().join(', ')} } from '${specifier(file, from)}'`)
}

function specifier(from, to) {
  const rel = path.relative(path.dirname(from), to).replace(/\.ts$/, '.js')
  return rel.startsWith('.') ? rel : `./${rel}`
}

/** Every file a target generates, path to text: its parts, then `out` re-exporting them. */
export async function generate(target) {
  const decls = declarations(await compileSchema(target.schema))
  const names = decls.map((d) => d.name)
  const fileOf = new Map(names.map((n) => [n, target.out]))
  for (const [file, parted] of Object.entries(target.parts ?? {})) {
    for (const n of parted) {
      if (!fileOf.has(n)) throw new Error(`${target.schema} has no definition ${n} (gen-types.mjs parts)`)
      fileOf.set(n, file)
    }
  }
  // json-schema-to-typescript names a second copy of a definition it inlined `Name1`, `Name2`: with Name.
  for (const n of names) {
    const base = /^(\w+?)\d+$/.exec(n)?.[1]
    if (base && fileOf.has(base) && fileOf.get(n) === target.out) fileOf.set(n, fileOf.get(base))
  }
  const banner = `/* Generated from ${target.schema} by scripts/gen-types.mjs: do not edit; run npm run gen:types. */`
  const files = new Map()
  for (const file of [...Object.keys(target.parts ?? {}), target.out]) {
    const own = decls.filter((d) => fileOf.get(d.name) === file)
    const used = [...new Set(own.flatMap((d) => uses(d.text, names)))]
    if (file !== target.out) {
      const fromOut = used.filter((n) => fileOf.get(n) === target.out)
      if (fromOut.length > 0) throw new Error(`${file} uses ${fromOut.join(', ')} from ${target.out}: move them into a part`)
    }
    const reexports = file === target.out ? Object.keys(target.parts ?? {}).map((p) => `export type * from '${specifier(file, p)}'`) : []
    const head = [banner, ...imports(file, used, fileOf), ...reexports].join('\n')
    files.set(file, `${head}\n\n${own.map((d) => d.text).join('\n\n')}\n`)
  }
  return files
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const t of TARGETS) {
    for (const [file, text] of await generate(t)) {
      await writeFile(file, text)
      console.log(`wrote ${file}`)
    }
  }
}
