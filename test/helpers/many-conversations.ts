import type { Conversation } from '../../src/scenario/compiled-conversation.js'
import { loadScenarios } from '../../src/scenario/load.js'

/** The bundled scenarios (none skipped), repeated to `n` conversations with unique ids. */
export async function manyConversations(n: number): Promise<Conversation[]> {
  const suite = await loadScenarios(['scenarios'], { cwd: process.cwd() })
  const base = suite.conversations.filter((c) => c.skip === undefined)
  return Array.from({ length: n }, (_, i) => {
    const c = base[i % base.length]!
    return { ...c, id: `${c.id}#${i}`, name: `${c.name} #${i}` }
  })
}
