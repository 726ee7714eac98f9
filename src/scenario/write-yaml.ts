import { Document, isScalar, parse, Scalar, visit } from 'yaml'

/*
 * The one YAML writer of the files banter writes for people to keep: scenarios converted by
 * `banter import`, recorded by `banter record`, and failing generated conversations saved by
 * `--save-failures`.
 */

/**
 * A file as banter writes it: a `yaml-language-server` header so editors validate it against
 * `schemaRef` (relative to the written file), comment lines saying where it came from (each kept
 * on one line, so no text can end the comment), then the data as toYaml writes it.
 */
export function yamlFile(data: unknown, opts: { schemaRef: string; comments: string[] }): string {
  const comments = opts.comments.map((c) => `# ${c.replace(/[\r\n\x85\u2028\u2029]+/g, ' ')}`.trimEnd())
  return [`# yaml-language-server: $schema=${opts.schemaRef}`, ...comments, toYaml(data)].join('\n')
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
