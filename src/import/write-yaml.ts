import { Document, isScalar, visit } from 'yaml'
import type { ImportedFile, Unsupported } from './types.js'

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

/** Block YAML, with short lists of plain values (tags, a few variants) on one line. */
export function toYaml(data: unknown): string {
  const doc = new Document(data, { aliasDuplicateObjects: false })
  visit(doc, {
    Seq(_, node) {
      const texts = node.items.map((i) => (isScalar(i) ? String(i.value) : undefined))
      if (texts.every((t) => t !== undefined && !/[\n#]/.test(t)) && texts.join(', ').length <= 60) node.flow = true
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}

function unsupportedComment(list: Unsupported[]): string[] {
  if (list.length === 0) return []
  return ['# Not carried over:', ...list.map((u) => `#   line ${u.loc.line}: ${oneLine(u.what)}`)]
}

/** `file:line: what` lines for the console. */
export function formatUnsupported(list: Unsupported[]): string[] {
  return list.map((u) => `${u.loc.file}:${u.loc.line}:${u.loc.col}: ${oneLine(u.what)}`)
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
