import { yamlFile } from '../scenario/write-yaml.js'
import type { AssistantReply } from '../report/model.js'
import type { Expect, Scenario, Turn } from '../core/scenario.types.generated.js'

/** One exchange as observed while recording. */
export interface RecordedTurn {
  message: string
  reply: AssistantReply
}

/** Longest `reply.contains` written for a turn: long enough to be specific, short enough to survive wording tweaks. */
const MAX_STABLE = 80

/**
 * The transcript as a scenario whose expectations are what was observed: the intent (name only:
 * confidences drift between model versions), the entities (strict, when there were any), the
 * action, and the reply's first sentence as `reply.contains`. The first sentence rather than
 * `equals`: assistants often vary or extend the rest, and the first sentence usually carries the
 * point (the order number, the status); edit it to taste.
 */
export function transcriptToScenario(turns: RecordedTurn[], meta: { name: string; description?: string }): Scenario {
  return {
    name: meta.name,
    ...(meta.description ? { description: meta.description } : {}),
    tags: ['recorded'],
    turns: turns.map(toTurn),
  }
}

function toTurn({ message, reply }: RecordedTurn): Turn {
  const expect: Expect = {}
  if (reply.intent) expect.intent = reply.intent
  if (reply.entities.length) expect.entities = { strict: true, items: reply.entities.map((e) => ({ type: e.type, value: e.value })) }
  if (reply.actions && reply.actions.length > 1) expect.actions = reply.actions
  else if (reply.action) expect.action = reply.action
  const stable = stablePart(reply.text)
  if (stable) expect.reply = { contains: stable }
  return Object.keys(expect).length ? { user: message, expect } : { user: message }
}

/** Sentences shorter than this ("Hello!") say too little; the next sentence is added. */
const MIN_STABLE = 20

/** The reply's first sentence (two if the first is very short), at most MAX_STABLE characters cut at a word. */
export function stablePart(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const sentences = flat.match(/.+?[.!?](?=\s|$)|.+$/g) ?? []
  let sentence = ''
  for (const s of sentences) {
    sentence = sentence ? `${sentence} ${s.trim()}` : s.trim()
    if (sentence.length >= MIN_STABLE) break
  }
  if (sentence.length <= MAX_STABLE) return sentence
  const cut = sentence.slice(0, MAX_STABLE)
  const space = cut.lastIndexOf(' ')
  return space > MAX_STABLE / 2 ? cut.slice(0, space) : cut
}

/** The scenario file as written: schema header, where it was recorded, then the scenario. */
export function renderRecording(scenario: Scenario, opts: { schemaRef: string; target: string }): string {
  const comment = `Recorded with banter record against ${opts.target.replace(/ \(http[^)]*\)$/, '')}. The expectations are what was observed; edit them to taste.`
  return yamlFile(scenario, { schemaRef: opts.schemaRef, comments: [comment] })
}

/** One line per observed field, for the console. */
export function describeReply(reply: AssistantReply): string {
  const intent = reply.intent ? `${reply.intent}${reply.confidence === undefined ? '' : ` (${reply.confidence})`}` : '-'
  const entities = reply.entities.length ? reply.entities.map((e) => `${e.type}=${e.value}`).join(', ') : '-'
  const actions = reply.actions && reply.actions.length > 1 ? `actions: ${reply.actions.join(', ')}` : `action: ${reply.action ?? '-'}`
  return `intent: ${intent}  entities: ${entities}  ${actions}`
}
