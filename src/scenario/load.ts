import type { Diagnostic, SourceLoc } from '../diagnostics/diagnostic.js'
import { sortDiagnostics } from '../diagnostics/diagnostic.js'
import { readYamlFile, type ReadYamlResult } from '../diagnostics/read-yaml.js'
import { schemaDiagnostics } from '../diagnostics/schema-errors.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { InputError } from '../core/errors.js'
import { expandScenario, type FragmentDef, type ScenarioDef } from './expand.js'
import { nearbyFragmentDirs, resolveFiles } from './files.js'
import type { Conversation } from './compiled-conversation.js'
import { createSchemaFiles } from './reply-schema-files.js'
import { schemaValidator } from './schema.js'
import { ownStrings } from '../util/own-strings.js'
import { createToolResultFiles } from './tool-result-files.js'
import { createRecompiler, deferConversation, isDeferred, type FileText, type SuiteEntry } from './deferred.js'
import type { FragmentFile, GeneratorFile, Scenario, ScenarioFile } from '../core/scenario.types.generated.js'
import { isRecord } from '../util/is-record.js'

const READ_CONCURRENCY = 16

export interface LoadOptions {
  cwd: string
  /** The folder `paths` are relative to: the config's folder for its `scenarios:`; default `cwd`. */
  base?: string
  /** Extra paths holding fragment files (config `fragments:`). */
  fragmentPaths?: string[]
  /** The folder `fragmentPaths` are relative to (the config's); default `cwd`. */
  fragmentBase?: string
}

export interface SuiteLoadOptions extends LoadOptions {
  /**
   * How many scenarios, in order, stay compiled; the rest are deferred (scenario/deferred.ts) and
   * compiled again by `compile` as they are reached. Default: all stay compiled.
   */
  keepCompiled?: number
  /** Told how many files the paths name, once they are resolved and before any is read. */
  onFiles?: (count: number) => void
  /** Sees each scenario once, compiled and checked, before it is kept or deferred. */
  onCompiled?: (conv: Conversation) => void
}

export interface LoadedSuite<Entry extends SuiteEntry = SuiteEntry> {
  files: string[]
  /** Every scenario of the run paths, in order. */
  conversations: Entry[]
  /** Schema-valid generator files among the run paths, compiled only by `--generate` (src/generate/). */
  generators: { source: YamlSource; data: GeneratorFile }[]
  /** The compiled conversation of an entry: itself, or a deferred one compiled again. */
  compile(entry: SuiteEntry): Conversation
}

/** Loads scenario files with every scenario compiled (see loadSuite). */
export async function loadScenarios(paths: string[], opts: LoadOptions): Promise<LoadedSuite<Conversation>> {
  const suite = await loadSuite(paths, opts)
  return { ...suite, conversations: suite.conversations.filter((c): c is Conversation => !isDeferred(c)) }
}

/**
 * Loads scenario files: resolve paths, parse YAML, validate against the schema, then the semantic
 * rules (unique names, known fragments, defined variables, valid regexes), and expand each scenario
 * into a Conversation. Every problem in every file is collected; if there is any, throws one
 * InputError holding all of them, sorted by position.
 *
 * Memory stays bounded for large suites: at most READ_CONCURRENCY files are read ahead, a file's
 * parsed YAML document is released once its scenarios are compiled (the data's strings are copied
 * out of the text, ownStrings), and scenarios past `keepCompiled` keep only their file's text
 * until they run. Only scenarios that include fragments wait (with their document) until every
 * file is read, since a fragment may be defined in a later file.
 */
export async function loadSuite(paths: string[], opts: SuiteLoadOptions): Promise<LoadedSuite> {
  const diagnostics: Diagnostic[] = []
  const resolved = await resolveFiles(paths, opts.cwd, opts.base)
  const configured = opts.fragmentPaths?.length
    ? await resolveFiles(opts.fragmentPaths, opts.cwd, opts.fragmentBase)
    : { files: [], diagnostics: [] }
  const nearby = await nearbyFragmentDirs(resolved.files, opts.cwd, opts.fragmentBase)
  const extra = nearby.length ? await resolveFiles(nearby, opts.cwd) : { files: [], diagnostics: [] }
  diagnostics.push(...resolved.diagnostics, ...configured.diagnostics, ...extra.diagnostics)
  opts.onFiles?.(resolved.files.length)

  const fragments = new Map<string, FragmentDef>()
  const generators: LoadedSuite['generators'] = []
  const files = [...new Set([...resolved.files, ...configured.files, ...extra.files])]
  const runFiles = new Set(resolved.files)
  const keepCompiled = opts.keepCompiled ?? Infinity
  const toolFiles = createToolResultFiles(opts.cwd)
  const schemaFiles = createSchemaFiles(opts.cwd)
  // Scenarios in order, compiled or deferred; until every file is read, a scenario that includes
  // fragments waits as its definition, and one being compiled holds its place (undefined).
  const entries: (SuiteEntry | ScenarioDef | undefined)[] = []
  const firstByName = new Map<string, SourceLoc>()
  const texts = new WeakMap<YamlSource, FileText>()
  const textOf = (source: YamlSource): FileText => {
    let text = texts.get(source)
    if (!text) texts.set(source, (text = { file: source.file, bytes: Buffer.from(source.text) }))
    return text
  }
  // Reads the files a file's scenarios name, then keeps each or defers it.
  const settle = async (compiled: { def: ScenarioDef; conv: Conversation; at: number }[]) => {
    const convs = compiled.map((c) => c.conv)
    await toolFiles.read(convs, diagnostics)
    await schemaFiles.attach(checksOf(convs), diagnostics)
    for (const { def, conv, at } of compiled) {
      opts.onCompiled?.(conv)
      entries[at] = at < keepCompiled ? conv : deferConversation(conv, textOf(def.source), def.path)
    }
  }
  // Files are read and parsed a few at a time (their I/O overlaps) but handled in order.
  const reads: (Promise<ReadYamlResult> | undefined)[] = []
  const readAhead = (i: number) => {
    if (i < files.length) reads[i] = readYamlFile(files[i]!, opts.cwd)
  }
  for (let i = 0; i < READ_CONCURRENCY; i++) readAhead(i)
  for (const [i, file] of files.entries()) {
    const read = await reads[i]!
    reads[i] = undefined
    readAhead(i + READ_CONCURRENCY)
    diagnostics.push(...read.diagnostics)
    if (!read.source || read.diagnostics.length > 0) continue
    // A JSON Schema kept beside the scenarios (for reply.json_schema) is not a scenario.
    if (isJsonSchemaFile(read.data)) continue
    const validate = schemaValidator('scenario')
    if (!validate(read.data)) {
      diagnostics.push(...schemaDiagnostics(read.source, validate.errors ?? []))
      continue
    }
    if (isGeneratorFile(read.data)) {
      if (runFiles.has(file)) generators.push({ source: read.source, data: read.data })
      continue
    }
    // Data kept compiled is made compact; a deferred scenario's is dropped once checked.
    const data = (entries.length < keepCompiled ? ownStrings(read.data) : read.data) as ScenarioFile
    const compiled: Parameters<typeof settle>[0] = []
    const addScenario = (def: ScenarioDef) => {
      const at = locatePath(def.source, [...def.path, 'name'])
      const first = firstByName.get(def.scenario.name)
      if (first) {
        diagnostics.push({
          code: 'DUPLICATE_SCENARIO',
          message: `duplicate scenario name "${def.scenario.name}"`,
          ...at,
          hint: `first defined at ${first.file}:${first.line}:${first.col}; scenario names must be unique in a run`,
        })
        return
      }
      firstByName.set(def.scenario.name, at.loc)
      if (def.scenario.turns.some((step) => 'include' in step)) entries.push(def)
      else compiled.push({ def, conv: expandScenario(def, fragments, diagnostics), at: entries.push(undefined) - 1 })
    }
    collect(read.source, data, addScenario, fragments, diagnostics, runFiles.has(file))
    await settle(compiled)
  }
  const waiting = entries.flatMap((def, at) => (def && isDefinition(def) ? [{ def, at }] : []))
  await settle(waiting.map(({ def, at }) => ({ def, conv: expandScenario(def, fragments, diagnostics), at })))
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics))
  const attach = (conv: Conversation) => {
    schemaFiles.attachCompiled(checksOf([conv]))
    toolFiles.attachRead(conv)
  }
  return {
    files: resolved.files,
    conversations: entries.filter((e): e is SuiteEntry => e !== undefined && !isDefinition(e)),
    generators,
    compile: createRecompiler({ fragments, attach }),
  }
}

function collect(
  source: YamlSource,
  data: ScenarioFile,
  addScenario: (def: ScenarioDef) => void,
  fragments: Map<string, FragmentDef>,
  diagnostics: Diagnostic[],
  runScenarios: boolean,
): void {
  if (Array.isArray(data)) {
    if (runScenarios) data.forEach((scenario, i) => addScenario({ source, path: [i], scenario }))
  } else if ('fragments' in data) {
    for (const [name, fragment] of Object.entries((data as FragmentFile).fragments)) {
      const path: DataPath = ['fragments', name]
      const first = fragments.get(name)
      if (first) {
        const firstLoc = locatePath(first.source, first.path, { key: true }).loc
        diagnostics.push({
          code: 'DUPLICATE_FRAGMENT',
          message: `duplicate fragment name "${name}"`,
          ...locatePath(source, path, { key: true }),
          hint: `first defined at ${firstLoc.file}:${firstLoc.line}:${firstLoc.col}`,
        })
      } else {
        fragments.set(name, { source, path, name, fragment })
      }
    }
  } else if (runScenarios) {
    addScenario({ source, path: [], scenario: data as Scenario })
  }
}

function* checksOf(conversations: Conversation[]) {
  for (const c of conversations) for (const t of c.turns) yield* t.checks
}

function isDefinition(entry: SuiteEntry | ScenarioDef): entry is ScenarioDef {
  return 'source' in entry
}

/** A top-level `$schema` key: no scenario, fragment or generator file may have one. */
function isJsonSchemaFile(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && '$schema' in data
}

function isGeneratorFile(data: unknown): data is GeneratorFile {
  return isRecord(data) && 'generator' in data
}
