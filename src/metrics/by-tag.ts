import type { RunMetrics, TagCounts } from '../report/model.js'
import { ratio } from './classification.js'
import { addCounts, ran, type MetricPart } from './mergeable-part.js'

const zero = (): TagCounts => ({ conversations: 0, passed: 0, failed: 0, errored: 0, completed: 0, intentHit: 0, intentAll: 0 })

/** Conversation counts, completion rate and intent accuracy per scenario tag. */
export function byTagPart(): MetricPart<Record<string, TagCounts>> {
  const tags = new Map<string, TagCounts>()
  const of = (tag: string) => {
    const n = tags.get(tag) ?? zero()
    tags.set(tag, n)
    return n
  }
  return {
    name: 'by_tag',
    add(c) {
      if (!ran(c.status)) return
      const intents = c.turns.flatMap((t) => t.verdicts.filter((v) => v.check === 'intent'))
      for (const tag of new Set(c.tags)) {
        const n = of(tag)
        n.conversations++
        if (c.status === 'passed' || c.status === 'failed' || c.status === 'errored') n[c.status]++
        if (c.turns.every((t) => t.status === 'passed')) n.completed++
        n.intentAll += intents.length
        n.intentHit += intents.filter((v) => v.pass).length
      }
    },
    result() {
      const out: RunMetrics['by_tag'] = {}
      for (const tag of [...tags.keys()].sort()) {
        const n = tags.get(tag)!
        out[tag] = {
          conversations: n.conversations,
          passed: n.passed,
          failed: n.failed,
          errored: n.errored,
          completion_rate: ratio(n.completed, n.conversations),
          intent_accuracy: ratio(n.intentHit, n.intentAll),
        }
      }
      return { by_tag: out }
    },
    state: () => Object.fromEntries([...tags.keys()].sort().map((t) => [t, { ...tags.get(t)! }])),
    load(s) {
      for (const [tag, counts] of Object.entries(s)) addCounts(of(tag), counts)
    },
  }
}
