import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { InputError } from '../errors.js'
import { buildGenerator } from './build-generator.js'
import { convoToScenario, type Utterances } from './botium-convo.js'
import { parseConvo, parseUtterances } from './botium-parse.js'
import { generatorName, slug } from './names.js'
import type { GeneratorDoc, ImportedFile, SourceText, Unsupported } from './types.js'

const SENDERS = new Set(['me', 'bot', 'begin', 'end'])

/** Whether a Botium text file is an utterance list (by name, else by having no `#me`/`#bot` line). */
export function isUtterancesFile(src: SourceText): boolean {
  if (/\.utterances\.txt$/i.test(src.file)) return true
  if (/\.convo\.txt$/i.test(src.file)) return false
  return !/^\s*#(me|bot)\b/m.test(src.text)
}

/** Utterance lists by name, for resolving `#me UTT_NAME` references. */
export function utteranceLists(sources: SourceText[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const src of sources) {
    const { name, utterances } = parseUtterances(src.text)
    if (name && utterances.length) map.set(name, utterances.map((u) => u.text))
  }
  return map
}

/** An utterance list → a generator whose one turn is any of its utterances (no expectation: Botium keeps those in the convo). */
export function importUtterances(src: SourceText): ImportedFile {
  const { name, utterances } = parseUtterances(src.text)
  if (!name || !utterances.length) throw notBotium(src, 1, `${src.file} is not a Botium utterances file`, 'the first line names the list, each further line is one utterance')
  const doc = buildGenerator({ name: generatorName(name), description: `Botium utterance list ${name} (${src.file}).`, tags: ['imported', 'botium'], variants: utterances.map((u) => ({ text: u.text })) })
  return { kind: 'generator', name: doc.generator.name, from: src.file, data: doc, unsupported: [] }
}

/**
 * A convo → a scenarios file with one scenario; when its messages come from utterance lists, also a
 * generator with the same turns and expectations whose messages are any utterance of the list.
 */
export function importConvo(src: SourceText, utterances: Utterances): ImportedFile[] {
  const convo = parseConvo(src.text)
  const bad = convo.sections.filter((s) => !SENDERS.has(s.sender))
  if (bad.length) throw new InputError(bad.map((s) => diag(src, s.line, 'IMPORT_BOTIUM_SENDER', `unknown sender "#${s.sender}"`, 'sections are #me, #bot, #begin or #end')))
  if (!convo.sections.some((s) => s.sender === 'me')) throw notBotium(src, 1, `${src.file} is not a Botium convo: no #me section`, 'a convo file has a name line, then #me and #bot sections')
  const base = src.file.split(/[\\/]/).pop()!.replace(/(\.convo)?\.txt$/i, '')
  const unsupported: Unsupported[] = []
  const converted = convoToScenario(convo.name ?? base, convo.description, convo.sections, { file: src.file, utterances, unsupported })
  if (!converted) throw notBotium(src, 1, `nothing to import from ${src.file}: no #me section has a message`)
  const files: ImportedFile[] = [{ kind: 'scenarios', name: slug(base), from: src.file, data: [converted.scenario], unsupported }]
  if (converted.variants.some(Boolean)) files.push({ kind: 'generator', name: generatorName(slug(base)), from: src.file, data: convoGenerator(base, converted), unsupported: [] })
  return files
}

function convoGenerator(base: string, converted: NonNullable<ReturnType<typeof convoToScenario>>): GeneratorDoc {
  const { scenario, variants } = converted
  return {
    generator: {
      name: generatorName(slug(base)),
      description: `${scenario.name}, with every utterance of its utterance lists.`,
      tags: ['imported', 'botium'],
      turns: scenario.turns.map((t, i) => ({ ...t, user: variants[i] ?? ('user' in t ? t.user : '') })),
    },
  }
}

function notBotium(src: SourceText, line: number, message: string, hint?: string): InputError {
  return new InputError([diag(src, line, 'IMPORT_NOT_BOTIUM', message, hint)])
}

function diag(src: SourceText, line: number, code: string, message: string, hint?: string): Diagnostic {
  const lineText = src.text.split(/\r?\n/)[line - 1] ?? ''
  return { code, message, loc: { file: src.file, line, col: 1 }, lineText, length: Math.max(1, lineText.length), hint }
}
