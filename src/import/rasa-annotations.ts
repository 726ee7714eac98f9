/** An entity annotated inline in a Rasa message: `[12345](order_id)` or `[12345]{"entity": "order_id"}`. */
export interface Annotation {
  type: string
  /** The entity value: `value` from the annotation (synonym), else the annotated text. */
  value: string
  /** The annotated text as it appears in the plain message. */
  text: string
  /** Offset of `text` in the plain message. */
  start: number
}

const ANNOTATION = /\[([^\]]*)\](?:\(([^)]+)\)|(\{[^}]*\}))/g

/**
 * Strips Rasa's inline entity annotations and returns the plain message with the entities.
 * Forms: `[text](type)`, `[text](type:value)` (Rasa 1 synonyms), `[text]{"entity": "type",
 * "value": "v", "role": ..., "group": ...}`. Roles and groups are dropped: banter's entities have
 * no such fields. Malformed JSON leaves the text as written.
 */
export function parseAnnotations(raw: string): { text: string; entities: Annotation[] } {
  const entities: Annotation[] = []
  let text = ''
  let last = 0
  for (const m of raw.matchAll(ANNOTATION)) {
    const parsed = m[2] !== undefined ? fromParens(m[2]) : fromJson(m[3]!)
    if (!parsed) continue
    text += raw.slice(last, m.index)
    entities.push({ type: parsed.type, value: parsed.value ?? m[1]!, text: m[1]!, start: text.length })
    text += m[1]
    last = m.index + m[0].length
  }
  text += raw.slice(last)
  return { text, entities }
}

function fromParens(inner: string): { type: string; value?: string } | undefined {
  const [type, value] = inner.split(':', 2).map((s) => s.trim())
  return type ? { type, value: value || undefined } : undefined
}

function fromJson(json: string): { type: string; value?: string } | undefined {
  try {
    const obj = JSON.parse(json) as { entity?: unknown; value?: unknown }
    if (typeof obj.entity !== 'string' || !obj.entity) return undefined
    return { type: obj.entity, value: obj.value === undefined ? undefined : String(obj.value) }
  } catch {
    return undefined
  }
}
