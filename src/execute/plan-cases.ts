import { inShard, partitionShard, type Shard } from './shard.js'
import { planGeneratedRun, type GeneratedRun } from './run-generated.js'
import type { LoadedSuite } from '../scenario/load.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import type { SuiteEntry } from '../scenario/deferred.js'
import { selectConversations } from '../scenario/select.js'

export interface CasePlan {
  cases: Iterable<Conversation>
  total: number
  /** Set for scenario runs: the ids of the selected scenarios, in run order. */
  ids?: string[]
  /** Set for generated runs (--generate, --case): plans for shrinking. */
  generated?: GeneratedRun
}

export interface CaseSelection {
  cwd: string
  seed: number
  generate?: number
  caseId?: string
  grep?: string
  tags?: string[]
  shard?: Shard
  /**
   * The scenarios are gone through once (a closed run): each is compiled as it is reached and
   * released as it starts, with the suite's list, so memory gives way to results. Otherwise
   * (open-loop cycling) they can be gone through again.
   */
  once?: boolean
}

/**
 * What a run executes: generated cases from the generators kept by --grep/--tag (lazily, only
 * this shard's ids), or the loaded scenarios narrowed by --grep/--tag and partitioned into this
 * shard. Either way the filters apply first and the shard second.
 */
export async function planCases(suite: LoadedSuite, sel: CaseSelection): Promise<CasePlan> {
  const { shard } = sel
  if (sel.generate || sel.caseId !== undefined) {
    const keepId = shard && ((id: string) => inShard(id, shard))
    const generated = await planGeneratedRun(suite, {
      cwd: sel.cwd,
      seed: sel.seed,
      count: sel.generate,
      caseId: sel.caseId,
      grep: sel.grep,
      tags: sel.tags,
      keepId,
    })
    return { cases: generated.cases, total: generated.total, generated }
  }
  const selected = selectConversations(suite.conversations, sel)
  const entries = shard ? partitionShard(selected, shard) : selected
  const ids = entries.map((e) => e.id)
  const cases = sel.once ? compiledOnce(entries, suite) : compiledEach(entries, suite.compile)
  return { cases, total: entries.length, ids }
}

/** Each entry compiled as it is reached, every time the list is gone through. */
function compiledEach(entries: readonly SuiteEntry[], compile: (entry: SuiteEntry) => Conversation): Iterable<Conversation> {
  return {
    *[Symbol.iterator]() {
      for (const entry of entries) yield compile(entry)
    },
  }
}

/** Each entry compiled as it is reached, once: the list's reference to it (and the suite's) is dropped as it goes. */
function compiledOnce(entries: (SuiteEntry | undefined)[], suite: LoadedSuite): Iterable<Conversation> {
  if (suite.conversations !== entries) suite.conversations.length = 0
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]
        if (entry === undefined) continue
        entries[i] = undefined
        yield suite.compile(entry)
      }
      entries.length = 0
    },
  }
}
