import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath } from '../diagnostics/yaml-source.js'
import { InputError } from '../core/errors.js'
import { buildGenerator } from './build-generator.js'
import { convoToScenario, type ConvertedConvo, type Utterances } from './botium-convo.js'
import { parseConvo, parseUtterances, type RawSection } from './botium-parse.js'
import { BotiumStepError, readStep, type BotiumStep } from './botium-step.js'
import { generatorName, slug } from './names.js'
import { shapeError, type ParsedSource } from './source.js'
import { emptyCounts, type GeneratorDoc, type ImportedFile, type SourceImport, type SourceText, type Unsupported } from './types.js'
import { isRecord } from '../util/is-record.js'

/**
 * Whether a Botium text file is an utterance list: named `*.utterances.txt`, or another `*.txt`
 * with no section line whose first line is a bare name (`GREETING`, `UTT_HELLO`).
 */
export function isUtterancesFile(src: SourceText): boolean {
  if (/\.utterances\.txt$/i.test(src.file)) return true
  if (!/\.txt$/i.test(src.file) || /\.convo\.txt$/i.test(src.file)) return false
  const first =
    src.text
      .split(/\r\n|\r|\n/)
      .find((l) => l.trim())
      ?.trim() ?? ''
  return !/^#(me|bot|begin|end|include)\b/m.test(src.text) && /^[A-Za-z0-9_.-]+$/.test(first)
}

/** Utterance lists by name, for resolving `#me UTT_NAME` / `#bot UTT_NAME` references. */
export function utteranceLists(sources: SourceText[], yaml: ParsedSource[] = []): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const src of sources) {
    const { name, utterances } = parseUtterances(src.text)
    if (name && utterances.length)
      map.set(
        name,
        utterances.map((u) => u.text),
      )
  }
  for (const p of yaml) {
    const lists = isRecord(p.data) && isRecord(p.data.utterances) ? p.data.utterances : {}
    for (const [name, list] of Object.entries(lists)) if (Array.isArray(list)) map.set(name, list.map(String))
  }
  return map
}

/** An utterance list → a generator whose one turn is any of its utterances (no expectation: Botium keeps those in the convo). */
export function importUtterances(src: SourceText): SourceImport {
  const { name, utterances } = parseUtterances(src.text)
  if (!name || !utterances.length)
    throw notBotium(
      src,
      1,
      `${src.file} is not a Botium utterances file`,
      'the first line names the list, each further line is one utterance',
    )
  const doc = utterancesGenerator(
    name,
    utterances.map((u) => u.text),
    src.file,
  )
  return {
    files: [{ kind: 'generator', name: doc.generator.name, from: src.file, data: doc, unsupported: [] }],
    read: { ...emptyCounts(), userTurns: utterances.length },
  }
}

function utterancesGenerator(name: string, utterances: string[], from: string): GeneratorDoc {
  return buildGenerator({
    name: generatorName(name),
    description: `Botium utterance list ${name} (${from}).`,
    tags: ['imported', 'botium'],
    variants: utterances.map((text) => ({ text })),
  })
}

/**
 * A text convo → a scenarios file with one scenario; when its messages come from utterance lists,
 * also a generator with the same turns and expectations whose messages are any utterance of the list.
 */
export function importConvo(src: SourceText, utterances: Utterances): SourceImport {
  const convo = parseConvo(src.text)
  if (convo.unknownSenders.length) {
    throw new InputError(
      convo.unknownSenders.map((s) =>
        diag(
          src,
          s.line,
          'IMPORT_BOTIUM_SENDER',
          `unknown sender "#${s.name}"`,
          'sections are #me, #bot, #begin, #end or #include; Botium would read this line as message text',
        ),
      ),
    )
  }
  if (!convo.sections.some((s) => s.sender === 'me'))
    throw notBotium(src, 1, `${src.file} is not a Botium convo: no #me section`, 'a convo file has a name line, then #me and #bot sections')
  const base = src.file
    .split(/[\\/]/)
    .pop()!
    .replace(/(\.convo)?\.txt$/i, '')
  const steps = readSteps(convo.sections, (line, message) => diag(src, line, 'IMPORT_BOTIUM_SYNTAX', message))
  const unsupported: Unsupported[] = []
  const read = emptyCounts()
  const converted = convoToScenario(convo.name ?? base, convo.description, steps, { file: src.file, utterances, unsupported, read })
  if (!converted) throw notBotium(src, 1, `nothing to import from ${src.file}: no #me section has a message`)
  return { files: convoFiles(base, src.file, [converted], unsupported), read }
}

/**
 * A Botium YAML convo file (`convos:` with `name`, `description`, `steps: [{me: [...]}, {bot: [...]}]`,
 * and/or `utterances: {NAME: [...]}`, as botium-core's CompilerYaml reads it) → one scenarios file
 * with a scenario per convo, and a generator per utterance list.
 */
export function importYamlConvos(parsed: ParsedSource, utterances: Utterances): SourceImport {
  const data = parsed.data
  const file = parsed.source.file
  if (!isRecord(data) || !(Array.isArray(data.convos) || isRecord(data.utterances))) {
    throw new InputError([
      shapeError(
        parsed,
        [],
        'IMPORT_NOT_BOTIUM',
        `${file} is not a Botium YAML convo file`,
        'expected convos: [{name, steps: [{me: [...]}, {bot: [...]}]}] and/or utterances: {NAME: [...]}',
      ),
    ])
  }
  const unsupported: Unsupported[] = []
  const read = emptyCounts()
  const problems: Diagnostic[] = []
  const converted: ConvertedConvo[] = []
  const convos = Array.isArray(data.convos) ? data.convos : []
  convos.forEach((c, i) => {
    const at = (...p: (string | number)[]) => locatePath(parsed.source, ['convos', i, ...p]).loc.line
    if (!isRecord(c) || !Array.isArray(c.steps))
      return problems.push(shapeError(parsed, ['convos', i], 'IMPORT_NOT_BOTIUM', `convos[${i}] has no list of steps`))
    const sections: RawSection[] = []
    c.steps.forEach((step, j) => {
      const sender = isRecord(step) && Object.keys(step).length === 1 ? Object.keys(step)[0]! : undefined
      if (!sender || !['me', 'bot', 'begin', 'end', 'include'].includes(sender))
        return problems.push(
          shapeError(
            parsed,
            ['convos', i, 'steps', j],
            'IMPORT_BOTIUM_SENDER',
            `convos[${i}].steps[${j}] must have exactly one of me, bot, begin, end, include`,
          ),
        )
      const value = (step as Record<string, unknown>)[sender]
      const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]
      sections.push({
        sender,
        line: at('steps', j),
        lines: list.map((v, k) => ({ value: isRecord(v) ? v : String(v), line: at('steps', j, sender, k) })),
      })
    })
    const steps = readSteps(sections, (line, message) => ({ code: 'IMPORT_BOTIUM_SYNTAX', message, loc: { file, line, col: 1 } }), problems)
    const name = typeof c.name === 'string' && c.name ? c.name : `convo ${i + 1}`
    const result = convoToScenario(name, typeof c.description === 'string' ? c.description : undefined, steps, {
      file,
      utterances,
      unsupported,
      read,
    })
    if (result) converted.push(result)
    else unsupported.push({ loc: { file, line: at(), col: 1 }, what: `convo "${name}" has no #me message; skipped` })
  })
  if (problems.length) throw new InputError(problems)
  const base = file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.ya?ml$/i, '')
  const files = converted.length ? convoFiles(base, file, converted, unsupported) : []
  for (const [name, list] of Object.entries(isRecord(data.utterances) ? data.utterances : {})) {
    if (!Array.isArray(list) || !list.length) continue
    read.userTurns += list.length
    const doc = utterancesGenerator(name, list.map(String), file)
    files.push({ kind: 'generator', name: doc.generator.name, from: file, data: doc, unsupported: [] })
  }
  if (!files.length)
    throw new InputError([
      shapeError(
        parsed,
        [],
        'IMPORT_NOTHING',
        `nothing to import from ${file}: no convo has a #me message and no utterance list has utterances`,
      ),
    ])
  if (!converted.length) files[0]!.unsupported = unsupported
  return { files, read }
}

function readSteps(sections: RawSection[], error: (line: number, message: string) => Diagnostic, into?: Diagnostic[]): BotiumStep[] {
  const problems: Diagnostic[] = []
  const steps = sections.flatMap((s) => {
    try {
      return [readStep(s.sender, s.line, s.lines)]
    } catch (err) {
      if (!(err instanceof BotiumStepError)) throw err
      problems.push(error(err.line, err.message))
      return []
    }
  })
  if (into) into.push(...problems)
  else if (problems.length) throw new InputError(problems)
  return steps
}

function convoFiles(base: string, from: string, converted: ConvertedConvo[], unsupported: Unsupported[]): ImportedFile[] {
  const files: ImportedFile[] = [{ kind: 'scenarios', name: slug(base), from, data: converted.map((c) => c.scenario), unsupported }]
  converted
    .filter((c) => c.variants.some(Boolean))
    .forEach((c) => {
      const name = generatorName(slug(converted.length > 1 ? `${base}-${c.scenario.name}` : base))
      files.push({ kind: 'generator', name, from, data: convoGenerator(name, c), unsupported: [] })
    })
  return files
}

function convoGenerator(name: string, converted: ConvertedConvo): GeneratorDoc {
  const { scenario, variants } = converted
  return {
    generator: {
      name,
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
  const lineText = src.text.split(/\r\n|\r|\n/)[line - 1] ?? ''
  return { code, message, loc: { file: src.file, line, col: 1 }, lineText, length: Math.max(1, lineText.length), hint }
}
