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
      // Counted once per conversation, in plain loops: this runs for every conversation of a run.
      let completed = true
      let intentAll = 0
      let intentHit = 0
      for (const t of c.turns) {
        if (t.status !== 'passed') completed = false
        for (const v of t.verdicts) {
          if (v.check !== 'intent') continue
          intentAll++
          if (v.pass) intentHit++
        }
      }
      for (const tag of c.tags.length > 1 ? new Set(c.tags) : c.tags) {
        const n = of(tag)
        n.conversations++
        if (c.status === 'passed' || c.status === 'failed' || c.status === 'errored') n[c.status]++
        if (completed) n.completed++
        n.intentAll += intentAll
        n.intentHit += intentHit
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
