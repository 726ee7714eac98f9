import type { RunReport } from '../report/model.js'
import { casesOf, eachCase, type CaseSource, type ReporterFactory } from './reporter.js'

/**
 * The JSON report: the RunReport as it is (shape documented in the README, with `version`).
 * Written in pieces, one conversation at a time, so a run whose report is larger than V8's
 * longest string (about 512 MB) is still written; the text is exactly
 * `JSON.stringify(report, null, 2)` plus a newline.
 */
export const jsonReporter: ReporterFactory = {
  file: 'banter-report.json',
  create: () => ({
    onRunEnd: (report) => [...jsonChunks(report)].join(''),
    streamRunEnd: jsonChunks,
  }),
}

/**
 * The report as `JSON.stringify(report, null, 2)` would write it, a top-level key or a case at a
 * time; its `cases` are those of `cases` (default: the report's own).
 */
export function* jsonChunks(report: RunReport, cases: CaseSource = casesOf(report)): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function')
  yield '{'
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `
    if (key === 'cases') {
      if (cases.size === 0) {
        yield '[]'
        continue
      }
      yield '['
      let j = 0
      for (const c of eachCase(cases)) yield `${j++ === 0 ? '' : ','}\n    ${indent(JSON.stringify(c, null, 2), '    ')}`
      yield '\n  ]'
    } else {
      yield indent(JSON.stringify(value, null, 2), '  ')
    }
  }
  yield entries.length > 0 ? '\n}\n' : '}\n'
}

/** JSON text never holds a raw newline inside a string, so every newline is a line break. */
function indent(json: string, pad: string): string {
  return json.replace(/\n/g, `\n${pad}`)
}
