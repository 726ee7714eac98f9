import { buildGenerator, type Variant } from './build-generator.js'
import { generatorName } from './names.js'
import { parseAnnotations } from './rasa-annotations.js'
import { dropped, type ParsedSource } from './source.js'
import type { Counts, GeneratorDoc, Unsupported } from './types.js'
import { isRecord } from '../util/is-record.js'

/**
 * Rasa NLU training data (`nlu:` items `- intent: x` with `examples: |` lines `- text`) → one
 * generator per intent: the examples are the utterance variants, the intent is expected, and
 * annotated entities become slots where their values allow (see build-generator.ts). `synonym:`,
 * `regex:` and `lookup:` items configure the NLU pipeline and are listed as not carried over.
 */
export function nluToGenerators(parsed: ParsedSource, unsupported: Unsupported[], read: Counts): GeneratorDoc[] {
  const list = (parsed.data as Record<string, unknown>).nlu
  if (!Array.isArray(list)) return []
  const generators: GeneratorDoc[] = []
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.intent !== 'string') {
      const kind = isRecord(item) ? (Object.keys(item)[0] ?? 'item') : 'item'
      unsupported.push(
        dropped(
          parsed,
          ['nlu', i],
          `nlu ${kind}${isRecord(item) && typeof item[kind] === 'string' ? ` "${item[kind]}"` : ''} (configures the NLU pipeline; not a test)`,
        ),
      )
      return
    }
    const variants = examples(item.examples)
    read.intents++
    read.userTurns += variants.length
    read.entities += new Set(variants.flatMap((v) => (v.entities ?? []).map((e) => e.type))).size
    if (variants.length === 0) {
      unsupported.push(dropped(parsed, ['nlu', i], `intent "${item.intent}" has no examples`))
      return
    }
    generators.push(
      buildGenerator({
        name: generatorName(item.intent),
        description: `Utterances of the Rasa intent "${item.intent}" (${parsed.source.file}).`,
        tags: ['imported', 'rasa'],
        intent: item.intent,
        variants,
      }),
    )
  })
  return generators
}

/** `examples` is a block string of `- text` lines (Rasa 2+); a plain list is accepted too. */
function examples(value: unknown): Variant[] {
  const lines =
    typeof value === 'string'
      ? value
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.startsWith('- '))
          .map((l) => l.slice(2).trim())
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : []
  return lines.filter(Boolean).map((l) => parseAnnotations(l))
}
