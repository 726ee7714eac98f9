import type { QualityCounts } from '../report/model.js'
import type { ExpectedEntity, IntentVerdict, Verdict } from '../report/verdict.js'
import { createConfusion, LOW_CONFIDENCE_LABEL, matchEntities, NO_LABEL, prf, ratio } from './classification.js'
import { addCounts, type MetricPart } from './mergeable-part.js'

/**
 * Intent accuracy, per-intent scores and confusion, entity P/R/F1 and action accuracy.
 * One rule for every intent metric: an intent verdict is a hit only when it passed, so an answer
 * below `min_confidence` is a miss in intent_accuracy, by_tag and the per-intent scores alike; the
 * confusion matrix records it as LOW_CONFIDENCE_LABEL, so the diagonal counts exactly the hits.
 */
export function qualityPart(): MetricPart<QualityCounts> {
  const confusion = createConfusion()
  const intent = { hit: 0, all: 0 }
  const action = { hit: 0, all: 0 }
  const entity = { tp: 0, fp: 0, fn: 0 }
  return {
    name: 'quality',
    add(c) {
      for (const t of c.turns) {
        for (const v of t.verdicts) {
          if (v.check === 'intent') {
            intent.all++
            if (v.pass) intent.hit++
            const actual = t.reply?.intent
            const expected = expectedLabel(v, actual)
            confusion.add(expected, v.code === 'INTENT_LOW_CONFIDENCE' ? LOW_CONFIDENCE_LABEL : (actual ?? NO_LABEL))
          } else if (v.check === 'action' || v.check === 'actions') {
            action.all++
            if (v.pass) action.hit++
          } else if (v.check === 'entities') {
            const m = matchEntities(expectedEntities(v), t.reply?.entities ?? [])
            entity.tp += m.tp
            entity.fp += m.fp
            entity.fn += m.fn
          }
        }
      }
    },
    result() {
      const e = prf(entity.tp, entity.fp, entity.fn)
      return {
        intent_accuracy: ratio(intent.hit, intent.all),
        intents: confusion.scores(),
        confusion: confusion.matrix(),
        entity_precision: e.precision,
        entity_recall: e.recall,
        entity_f1: e.f1,
        action_accuracy: ratio(action.hit, action.all),
      }
    },
    state: () => ({ intent: { ...intent }, action: { ...action }, entity: { ...entity }, confusion: confusion.cells() }),
    load(s) {
      addCounts(intent, s.intent)
      addCounts(action, s.action)
      addCounts(entity, s.entity)
      for (const [e, a, n] of s.confusion) confusion.add(e, a, n)
    },
  }
}

/**
 * The confusion row of an intent verdict: the reply's intent when the verdict accepted it, else the
 * first name it accepted (`expected` is a name, a list, or `{ name, min_confidence }`). No list is
 * built for a single name: this runs for every intent check of a run.
 */
function expectedLabel(v: IntentVerdict, actual: string | undefined): string {
  const e = v.expected
  const names = typeof e === 'string' || Array.isArray(e) ? e : e.name
  if (typeof names === 'string') return names
  return actual !== undefined && names.includes(actual) ? actual : (names[0] ?? NO_LABEL)
}

function expectedEntities(v: Extract<Verdict, { check: 'entities' }>): ExpectedEntity[] {
  return Array.isArray(v.expected) ? v.expected : v.expected.items
}
