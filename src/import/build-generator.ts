import type { Annotation } from './rasa-annotations.js'
import type { GeneratorDoc } from './types.js'

/** One training utterance, with the entities annotated in it (none for plain text). */
export interface Variant {
  text: string
  entities?: Annotation[]
}

export interface GeneratorSpec {
  name: string
  description: string
  tags: string[]
  /** Expected intent for every variant, if known. */
  intent?: string
  variants: Variant[]
}

/**
 * Builds a generator whose one turn picks one of the variants. Annotated entities whose values
 * all look alike become faker slots (digits → `faker.string.numeric`, emails →
 * `faker.internet.email`), so each generated conversation uses fresh values, and the turn expects
 * the entity with the slot's value. Other annotations stay literal text. Variants with different
 * slots go into separate `one_of` branches so that each branch expects exactly its entities.
 */
export function buildGenerator(spec: GeneratorSpec): GeneratorDoc {
  const slots = chooseSlots(spec.variants)
  const groups = new Map<string, { texts: Set<string>; used: string[] }>()
  for (const v of spec.variants) {
    const { text, used } = substitute(v, slots)
    if (text.includes('{{') && !used.length) continue
    const key = used.join(',')
    const group = groups.get(key) ?? { texts: new Set(), used }
    group.texts.add(text)
    groups.set(key, group)
  }
  const turns = [...groups.values()].map((g) => turn(g.texts, g.used, spec.intent))
  const usedTypes = new Set([...groups.values()].flatMap((g) => g.used))
  const slotCalls = Object.fromEntries([...slots].filter(([type]) => usedTypes.has(type)).map(([, s]) => [s.name, s.call]))
  return {
    generator: {
      name: spec.name,
      description: spec.description,
      tags: spec.tags,
      ...(Object.keys(slotCalls).length ? { slots: slotCalls } : {}),
      turns: turns.length > 1 ? [{ one_of: turns.map((t) => [t]) }] : turns,
    },
  }
}

function turn(texts: Set<string>, used: string[], intent?: string): Record<string, unknown> {
  const expect: Record<string, unknown> = {}
  if (intent) expect.intent = intent
  if (used.length) expect.entities = used.map((type) => ({ type, value: `{{${slotName(type)}}}` }))
  const user = [...texts]
  return { user: user.length === 1 ? user[0] : user, ...(Object.keys(expect).length ? { expect } : {}) }
}

interface Slot {
  name: string
  call: string
}

function chooseSlots(variants: Variant[]): Map<string, Slot> {
  const values = new Map<string, string[]>()
  for (const v of variants) for (const e of v.entities ?? []) values.set(e.type, [...(values.get(e.type) ?? []), e.text])
  const slots = new Map<string, Slot>()
  for (const [type, list] of values) {
    const call = fakerFor(list)
    if (call) slots.set(type, { name: slotName(type), call })
  }
  return slots
}

function fakerFor(values: string[]): string | undefined {
  if (values.every((v) => /^[1-9]\d{0,15}$/.test(v))) {
    const lengths = values.map((v) => v.length)
    const [min, max] = [Math.min(...lengths), Math.max(...lengths)]
    const length = min === max ? String(min) : `{min: ${min}, max: ${max}}`
    return `faker.string.numeric({length: ${length}, allowLeadingZeros: false})`
  }
  if (values.every((v) => /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(v))) return 'faker.internet.email()'
  return undefined
}

function slotName(type: string): string {
  const name = type.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`
}

/** Replaces each slot entity's text with `{{slot}}`, right to left so offsets stay valid. */
function substitute(v: Variant, slots: Map<string, Slot>): { text: string; used: string[] } {
  let text = v.text
  const used = new Set<string>()
  for (const e of [...(v.entities ?? [])].sort((a, b) => b.start - a.start)) {
    const slot = slots.get(e.type)
    if (!slot || used.has(e.type)) continue
    text = `${text.slice(0, e.start)}{{${slot.name}}}${text.slice(e.start + e.text.length)}`
    used.add(e.type)
  }
  return { text, used: [...used].sort() }
}
