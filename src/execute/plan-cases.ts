import { inShard, partitionShard, type Shard } from './shard.js'
import { planGeneratedRun, type GeneratedRun } from './run-generated.js'
import type { LoadedSuite } from '../scenario/load.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { selectConversations } from '../scenario/select.js'

export interface CasePlan {
  cases: Iterable<Conversation>
  total: number
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
  const cases = shard ? partitionShard(selected, shard) : selected
  return { cases, total: cases.length }
}
