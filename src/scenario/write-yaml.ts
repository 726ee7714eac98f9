import { Document, isScalar, parse, Scalar, visit } from 'yaml'
import type { Counts, ImportedFile, SourceFidelity, Unsupported } from '../import/types.js'

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
  const header = [
    `# yaml-language-server: $schema=${opts.schemaRef}`,
    `# Imported from ${file.from} by ${opts.tool}. Review the expectations before relying on them.`,
    ...unsupportedComment(file.unsupported),
  ]
  return `${header.join('\n')}\n${toYaml(file.data)}`
}

/**
 * Block YAML, with short lists of plain values (tags, a few variants) on one line. A string that
 * a YAML 1.1 reader (PyYAML, Rasa, SnakeYAML) or a YAML 1.2 reader would take for something else
 * — `yes`, `no`, `on`, `off`, `y`, `n`, `~`, `012`, `1_000`, `0x1F`, `1:20`, `2024-01-02` — is
 * written in double quotes, so every reader sees the string.
 */
export function toYaml(data: unknown): string {
  const doc = new Document(data, { aliasDuplicateObjects: false })
  visit(doc, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string' && isAmbiguous(node.value)) node.type = Scalar.QUOTE_DOUBLE
    },
    Seq(_, node) {
      const texts = node.items.map((i) => (isScalar(i) ? String(i.value) : undefined))
      if (texts.every((t) => t !== undefined && !/[\n#]/.test(t)) && texts.join(', ').length <= 60) node.flow = true
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}

/** True when a plain scalar with this text would not read back as this string in YAML 1.1 or 1.2. */
export function isAmbiguous(text: string): boolean {
  if (text === '' || text.includes('\n')) return false
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/.test(text)) return true
  for (const version of ['1.1', '1.2'] as const) {
    try {
      if (parse(text, { version, logLevel: 'silent' }) !== text) return true
    } catch {
      return true
    }
  }
  return false
}

function unsupportedComment(list: Unsupported[]): string[] {
  if (list.length === 0) return []
  return ['# Not carried over:', ...list.map((u) => `#   line ${u.loc.line}: ${oneLine(u.what)}`)]
}

/** `file:line: what` lines for the console. */
function formatUnsupported(list: Unsupported[]): string[] {
  return list.map((u) => `${u.loc.file}:${u.loc.line}:${u.loc.col}: ${oneLine(u.what)}`)
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

const COUNT_LABELS: [keyof Counts, string][] = [
  ['conversations', 'conversations'], ['userTurns', 'user turns'], ['botMessages', 'bot messages'],
  ['actions', 'actions'], ['intents', 'intents'], ['entities', 'entities'],
]

/**
 * The fidelity summary: per source file, each count as `read → written` (marked `!` where they
 * differ), then every item not carried over as `file:line:col: what`.
 */
export function formatFidelity(list: SourceFidelity[]): string[] {
  const lines = ['Fidelity (read → written):']
  for (const f of list) {
    const counts = COUNT_LABELS.map(([key, label]) => `${label} ${f.read[key]} → ${f.written[key]}${f.read[key] === f.written[key] ? '' : ' !'}`)
    lines.push(`  ${f.file}: ${counts.join(', ')}`)
    if (f.unsupported.length) {
      lines.push(`    not carried over (${f.unsupported.length}; also comments at the top of the written file):`)
      for (const line of formatUnsupported(f.unsupported)) lines.push(`      ${line}`)
    }
  }
  return lines
}
