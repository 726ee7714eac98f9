import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { parseYaml, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import type { Scenario } from '../core/scenario.types.generated.js'
import type { Conversation } from './compiled-conversation.js'
import { ownStrings } from '../util/own-strings.js'
import { expandScenario, type FragmentDef } from './expand.js'

/**
 * A scenario of a large suite, loaded and checked like any other, then set aside until it runs:
 * what selection (--grep, --tag) and sharding need, and where to compile it again. Its file's text
 * is kept as bytes (about 0.2 KB per turn, against about 1.4 KB per turn compiled), so a suite of
 * 100,000 conversations fits in memory (docs/performance.md "Memory").
 */
export interface DeferredConversation {
  id: string
  name: string
  tags: string[]
  from: { text: FileText; index?: number }
}

/** One scenario file's text, shared by the deferred scenarios it holds. */
export interface FileText {
  file: string
  bytes: Buffer
}

/** A scenario of a loaded suite: compiled, or deferred until it runs. */
export type SuiteEntry = Conversation | DeferredConversation

export function isDeferred(entry: SuiteEntry): entry is DeferredConversation {
  return 'from' in entry
}

export function deferConversation(conv: Conversation, text: FileText, path: DataPath): DeferredConversation {
  const index = path[0]
  // Its own copies of the strings: one sliced out of the file's text would keep the text alive twice.
  const { id, name, tags } = ownStrings({ id: conv.id, name: conv.name, tags: conv.tags })
  return { id, name, tags, from: typeof index === 'number' ? { text, index } : { text } }
}

/** What compiling a deferred scenario again needs besides its text: loaded fragments, and the files its checks name (read at load). */
export interface Recompile {
  fragments: Map<string, FragmentDef>
  /** Fills in what the load read from other files (tool results, schema files), from the load's caches. */
  attach(conv: Conversation): void
}

/**
 * Compiles deferred scenarios again as they are reached, the same way the load did: the text is the
 * one that was checked, so no new problem can appear (one would be a bug, thrown as such). The last
 * file's parse is reused, since a file's scenarios run one after another.
 */
export function createRecompiler(opts: Recompile): (entry: SuiteEntry) => Conversation {
  let last: { text: FileText; source: YamlSource; data: unknown } | undefined
  return (entry) => {
    if (!isDeferred(entry)) return entry
    const { text, index } = entry.from
    if (last?.text !== text) {
      const parsed = parseYaml(text.file, text.bytes.toString('utf8'))
      last = { text, source: parsed.source, data: parsed.data }
    }
    const scenario = (index === undefined ? last.data : (last.data as unknown[])[index]) as Scenario
    const diagnostics: Diagnostic[] = []
    const conv = expandScenario({ source: last.source, path: index === undefined ? [] : [index], scenario }, opts.fragments, diagnostics)
    if (diagnostics.length > 0 || conv.id !== entry.id)
      throw new Error(`internal error: ${text.file} compiled differently at run time than at load (${diagnostics[0]?.code ?? conv.id})`)
    opts.attach(conv)
    return conv
  }
}
