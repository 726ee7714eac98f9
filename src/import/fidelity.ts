import type { Expect, MessageExpect } from '../core/scenario.types.generated.js'
import { emptyCounts, type Counts, type ImportedFile } from './types.js'

/**
 * Counts what was written for one source: scenarios, their turns, the bot messages, actions,
 * intents and entities their expectations check. A generator counts its utterance variants as
 * user turns and each distinct intent and entity type it expects once (as an NLU source counts
 * its intents). Compared with what the importer read, this is the import's fidelity summary.
 */
export function countWritten(files: ImportedFile[]): Counts {
  const c = emptyCounts()
  for (const f of files) {
    if (f.kind === 'scenarios') {
      c.conversations += f.data.length
      for (const s of f.data) for (const t of s.turns) if ('user' in t) countTurn(c, t.expect)
    } else {
      const intents = new Set<string>()
      const types = new Set<string>()
      walkGenerator(f.data.generator.turns, (step) => {
        const user = step.user
        c.userTurns += Array.isArray(user) ? user.length : typeof user === 'string' ? 1 : 0
        const expect = step.expect as Expect | undefined
        for (const n of intentNames(expect)) intents.add(n)
        for (const e of entityItems(expect)) types.add(e.type)
      })
      c.intents += intents.size
      c.entities += types.size
    }
  }
  return c
}

function countTurn(c: Counts, expect: Expect | undefined): void {
  c.userTurns++
  if (!expect) return
  if (expect.reply) c.botMessages++
  if (expect.messages) c.botMessages += messageItems(expect.messages).filter((m) => Object.keys(m).some((k) => k !== 'ignore_case')).length
  if (expect.actions)
    c.actions += Array.isArray(expect.actions)
      ? expect.actions.length
      : 'contains' in expect.actions
        ? expect.actions.contains.length
        : expect.actions.contains_in_order.length
  else if (expect.action) c.actions++
  if (expect.intent) c.intents++
  c.entities += entityItems(expect).length
}

function messageItems(m: NonNullable<Expect['messages']>): MessageExpect[] {
  return Array.isArray(m) ? m : 'contains' in m ? m.contains : m.contains_in_order
}

function intentNames(expect: Expect | undefined): string[] {
  const i = expect?.intent
  if (i === undefined) return []
  const names = typeof i === 'object' && !Array.isArray(i) ? i.name : i
  return Array.isArray(names) ? names : [names]
}

function entityItems(expect: Expect | undefined): { type: string }[] {
  const e = expect?.entities
  return e === undefined ? [] : Array.isArray(e) ? e : e.items
}

function walkGenerator(steps: Record<string, unknown>[], visit: (step: Record<string, unknown>) => void): void {
  for (const step of steps) {
    if (Array.isArray(step.one_of)) for (const branch of step.one_of as Record<string, unknown>[][]) walkGenerator(branch, visit)
    else if (Array.isArray(step.turns)) walkGenerator(step.turns as Record<string, unknown>[], visit)
    else visit(step)
  }
}
