import type { EntityExpect, Expect, ReplyExpect, Scenario, Turn } from '../scenario/types.generated.js'
import type { BotiumHook, BotiumLine, BotiumSection } from './botium-parse.js'
import type { Unsupported } from './types.js'

/** Utterance lists by name (from `.utterances.txt` files). */
export type Utterances = ReadonlyMap<string, string[]>

export interface ConvoContext {
  file: string
  utterances: Utterances
  unsupported: Unsupported[]
}

/** A converted convo: the scenario, and per turn the utterance list its message came from. */
export interface ConvertedConvo {
  scenario: Scenario
  variants: (string[] | undefined)[]
}

/**
 * `#me` / `#bot` sections → turns. Mapping (botium-core's default matching compares the bot's text
 * by inclusion, ignoring case, with `*` wildcards):
 * - `#me` text → the user message; an utterance name (UTT_GREETING) → its first utterance (the
 *   generator built from the convo uses all of them).
 * - `#bot` text → `reply.contains` with `ignore_case: true`; text with `*` → `reply.matches`;
 *   `!text` → `reply.not_contains`.
 * - INTENT x → intent; INTENT_CONFIDENCE n (percent) → min_confidence n/100; ENTITIES a|b →
 *   entities of these types; ENTITY_VALUES v1|v2 paired with ENTITIES in order;
 *   ENTITY_CONTENT type|value → an entity with its value; TEXT_EQUALS / TEXT_CONTAINS_ALL →
 *   reply.equals / reply.contains.
 * Everything else (BUTTONS, MEDIA, CARDS, PAUSE, logic hooks, negated or optional asserters,
 * consecutive bot messages, #begin/#end) is listed as not carried over.
 */
export function convoToScenario(name: string, description: string | undefined, sections: BotiumSection[], ctx: ConvoContext): ConvertedConvo | undefined {
  const turns: Turn[] = []
  const variants: (string[] | undefined)[] = []
  let answered = true
  for (const section of sections) {
    if (section.sender === 'me') {
      const message = userMessage(section, ctx)
      if (message === undefined) continue
      turns.push({ user: message.text })
      variants.push(message.variants)
      answered = false
      for (const h of section.hooks) drop(ctx, h.line, `${h.name} on a #me step`)
    } else if (section.sender === 'bot') {
      if (answered) {
        drop(ctx, section.line, turns.length ? 'a second #bot message in a row (a turn has one reply)' : '#bot before the first #me (a greeting the assistant sends first)')
        continue
      }
      const expect = botExpect(section, ctx)
      if (Object.keys(expect).length) turns.at(-1)!.expect = expect
      answered = true
    } else {
      drop(ctx, section.line, `#${section.sender} section (begin/end hooks are not supported)`)
    }
  }
  if (!turns.length) return undefined
  const lists = [...new Set(sections.flatMap((s) => (s.sender === 'me' && ctx.utterances.has(s.text.map((l) => l.text).join('\n')) ? [s.text[0]!.text] : [])))]
  const note = lists.length ? `Messages from the utterance lists ${lists.join(', ')} use their first utterance; the generator of the same name uses all.` : ''
  const about = [description, note].filter(Boolean).join('\n')
  return { scenario: { name, ...(about ? { description: about } : {}), tags: ['imported', 'botium'], turns }, variants }
}

function userMessage(section: BotiumSection, ctx: ConvoContext): { text: string; variants?: string[] } | undefined {
  if (!section.text.length) {
    drop(ctx, section.line, '#me without a message text')
    return undefined
  }
  const text = section.text.map((l) => l.text).join('\n')
  const list = ctx.utterances.get(text)
  if (list?.length) return { text: list[0]!, variants: list }
  if (/^UTT_[A-Z0-9_]+$/.test(text)) drop(ctx, section.text[0]!.line, `utterance list ${text} not found (pass its .utterances.txt file); sent as literal text`)
  return { text }
}

function botExpect(section: BotiumSection, ctx: ConvoContext): Expect {
  const expect: Expect = {}
  const reply: ReplyExpect = {}
  textChecks(section.text, reply, ctx)
  const byName = new Map<string, BotiumHook>()
  for (const h of section.hooks) {
    if (h.not || h.optional) drop(ctx, h.line, `${h.not ? '!' : '?'}${h.name} (negated and optional asserters are not supported)`)
    else if (!MAPPED.has(h.name)) drop(ctx, h.line, `${h.name}${h.args.length ? ` ${h.args.join('|')}` : ''} (no equivalent expectation)`)
    else byName.set(h.name, h)
  }
  const intent = byName.get('INTENT')?.args[0]
  const confidence = byName.get('INTENT_CONFIDENCE')
  if (intent) expect.intent = confidence ? { name: intent, min_confidence: minConfidence(confidence.args[0]) } : intent
  else if (confidence) drop(ctx, confidence.line, 'INTENT_CONFIDENCE without INTENT (banter checks confidence together with a name)')
  const entities = entityChecks(byName, ctx)
  if (entities.length) expect.entities = entities
  const equals = byName.get('TEXT_EQUALS')?.args.join('|')
  if (equals !== undefined) reply.equals = equals
  const all = byName.get('TEXT_CONTAINS_ALL')?.args
  if (all?.length) reply.contains = [...asList(reply.contains), ...all]
  if (Object.keys(reply).length) expect.reply = reply
  return expect
}

const MAPPED = new Set(['INTENT', 'INTENT_CONFIDENCE', 'ENTITIES', 'ENTITY_VALUES', 'ENTITY_CONTENT', 'TEXT_EQUALS', 'TEXT_CONTAINS_ALL'])

function textChecks(lines: BotiumLine[], reply: ReplyExpect, ctx: ConvoContext): void {
  const contains: string[] = []
  const notContains: string[] = []
  const matches: string[] = []
  for (const l of lines) {
    if (l.text.startsWith('?')) drop(ctx, l.line, `optional text "${l.text.slice(1)}"`)
    else if (l.text.startsWith('!')) notContains.push(l.text.slice(1))
    else if (l.text.includes('*')) matches.push(l.text.split('*').map(escapeRegex).join('.*'))
    else contains.push(l.text)
  }
  if (matches.length) reply.matches = matches.length === 1 ? matches[0]! : matches
  if (contains.length) reply.contains = contains.length === 1 ? contains[0]! : contains
  if (notContains.length) reply.not_contains = notContains.length === 1 ? notContains[0]! : notContains
  if (contains.length || notContains.length || reply.matches) reply.ignore_case = true
}

function entityChecks(byName: Map<string, BotiumHook>, ctx: ConvoContext): EntityExpect[] {
  const types = byName.get('ENTITIES')?.args.filter(Boolean) ?? []
  const values = byName.get('ENTITY_VALUES')
  const out: EntityExpect[] = types.map((type) => ({ type }))
  if (values) {
    if (values.args.length === types.length) values.args.forEach((v, i) => { out[i]!.value = v })
    else drop(ctx, values.line, `ENTITY_VALUES ${values.args.join('|')} (banter checks values per entity type; pair each with ENTITIES in the same order)`)
  }
  const content = byName.get('ENTITY_CONTENT')
  if (content && content.args.length >= 2) for (const v of content.args.slice(1)) out.push({ type: content.args[0]!, value: v })
  return out
}

function minConfidence(arg: string | undefined): number {
  const n = Number(arg)
  if (!Number.isFinite(n)) return 0
  return Math.min(1, Math.max(0, n > 1 ? n / 100 : n))
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function drop(ctx: ConvoContext, line: number, what: string): void {
  ctx.unsupported.push({ loc: { file: ctx.file, line, col: 1 }, what })
}
