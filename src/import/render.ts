import { yamlFile } from '../scenario/write-yaml.js'
import type { Counts, ImportedFile, SourceFidelity, Unsupported } from './types.js'

export interface RenderOptions {
  /** `$schema` reference for editors, relative to the written file. */
  schemaRef: string
  /** The command that produced the file, e.g. `banter import rasa`. */
  tool: string
}

/**
 * Renders an imported file as readable YAML: a `yaml-language-server` header so editors validate
 * it, the source it came from, and what could not be carried over as comments at the top.
 */
export function renderImported(file: ImportedFile, opts: RenderOptions): string {
  const comments = [
    `Imported from ${file.from} by ${opts.tool}. Review the expectations before relying on them.`,
    ...unsupportedComment(file.unsupported),
  ]
  return yamlFile(file.data, { schemaRef: opts.schemaRef, comments })
}

function unsupportedComment(list: Unsupported[]): string[] {
  if (list.length === 0) return []
  return ['Not carried over:', ...list.map((u) => `  line ${u.loc.line}: ${oneLine(u.what)}`)]
}

/** `file:line: what` lines for the console. */
function formatUnsupported(list: Unsupported[]): string[] {
  return list.map((u) => `${u.loc.file}:${u.loc.line}:${u.loc.col}: ${oneLine(u.what)}`)
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

const COUNT_LABELS: [keyof Counts, string][] = [
  ['conversations', 'conversations'],
  ['userTurns', 'user turns'],
  ['botMessages', 'bot messages'],
  ['actions', 'actions'],
  ['intents', 'intents'],
  ['entities', 'entities'],
]

/**
 * The fidelity summary: per source file, each count as `read → written` (marked `!` where they
 * differ), then every item not carried over as `file:line:col: what`.
 */
export function formatFidelity(list: SourceFidelity[]): string[] {
  const lines = ['Fidelity (read → written):']
  for (const f of list) {
    const counts = COUNT_LABELS.map(
      ([key, label]) => `${label} ${f.read[key]} → ${f.written[key]}${f.read[key] === f.written[key] ? '' : ' !'}`,
    )
    lines.push(`  ${f.file}: ${counts.join(', ')}`)
    if (f.unsupported.length) {
      lines.push(`    not carried over (${f.unsupported.length}; also comments at the top of the written file):`)
      for (const line of formatUnsupported(f.unsupported)) lines.push(`      ${line}`)
    }
  }
  return lines
}
