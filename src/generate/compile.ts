import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { MAX_FILE_BYTES, NOT_REGULAR_HINT } from '../diagnostics/read-yaml.js'
import { firstInvalidUtf8 } from '../diagnostics/yaml-guards.js'
import { sortDiagnostics } from '../diagnostics/diagnostic.js'
import { suggestionHint } from '../diagnostics/suggest.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { InputError } from '../core/errors.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'
import { FileReadError, readProblem, readRegularFile } from '../util/regular-file.js'
import { compileTurn } from '../scenario/compile-turn.js'
import { createSchemaFiles, type SchemaFiles } from '../scenario/reply-schema-files.js'
import { checkTemplates } from '../scenario/expand.js'
import type { LoadedSuite } from '../scenario/load.js'
import { placeholders } from '../template/template.js'
import type { GeneratorOneOf, GeneratorRepeat, GeneratorStep, GeneratorTurn } from '../core/scenario.types.generated.js'
import { checkedCall, parseVariant, type TextSite } from './message.js'
import type { GeneratorPlan, PlanNode, TurnNode } from './plan.js'

interface Ctx {
  source: YamlSource
  cwd: string
  schemaFiles: SchemaFiles
  slots: string[]
  diagnostics: Diagnostic[]
}

/**
 * Compiles schema-valid generator files into plans, after the rules the schema cannot express:
 * faker calls name real faker methods, placeholders name declared slots, each turn has exactly
 * one message source, repeat ranges are ordered, generator names are unique. All problems are
 * collected and thrown as one InputError.
 */
export async function compileGenerators(files: LoadedSuite['generators'], cwd: string): Promise<GeneratorPlan[]> {
  const diagnostics: Diagnostic[] = []
  const plans: GeneratorPlan[] = []
  const seen = new Map<string, string>()
  const schemaFiles = createSchemaFiles(cwd)
  for (const { source, data } of files) {
    const gen = data.generator
    const where = locatePath(source, ['generator', 'name'])
    const first = seen.get(gen.name)
    if (first) {
      diagnostics.push({
        code: 'DUPLICATE_GENERATOR',
        message: `duplicate generator name "${gen.name}"`,
        ...where,
        hint: `first defined at ${first}; generator names must be unique in a run`,
      })
      continue
    }
    seen.set(gen.name, `${where.loc.file}:${where.loc.line}:${where.loc.col}`)
    const ctx: Ctx = { source, cwd, schemaFiles, slots: Object.keys(gen.slots ?? {}), diagnostics }
    const slots = Object.entries(gen.slots ?? {}).flatMap(([name, text]) => {
      const call = checkedCall(text, siteOf(source, ['generator', 'slots', name]), 0, diagnostics)
      return call ? [{ name, call }] : []
    })
    const steps = await compileSteps(gen.turns, ['generator', 'turns'], ctx)
    plans.push({ name: gen.name, description: gen.description, tags: gen.tags ?? [], file: source.file, loc: where.loc, slots, steps })
  }
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics))
  return plans
}

async function compileSteps(steps: GeneratorStep[], at: DataPath, ctx: Ctx): Promise<PlanNode[]> {
  const nodes: PlanNode[] = []
  for (const [i, step] of steps.entries()) nodes.push(await compileStep(step, [...at, i], ctx))
  return nodes
}

async function compileStep(step: GeneratorStep, at: DataPath, ctx: Ctx): Promise<PlanNode> {
  const probability = step.probability ?? 1
  if ('one_of' in step) {
    const branches: PlanNode[][] = []
    for (const [j, branch] of (step as GeneratorOneOf).one_of.entries())
      branches.push(await compileSteps(branch, [...at, 'one_of', j], ctx))
    return { kind: 'one_of', branches, probability }
  }
  if ('repeat' in step) {
    const { repeat, turns } = step as GeneratorRepeat
    if (repeat.min > repeat.max) {
      ctx.diagnostics.push({
        code: 'INVALID_REPEAT',
        message: `repeat: min (${repeat.min}) is greater than max (${repeat.max})`,
        ...locatePath(ctx.source, [...at, 'repeat']),
      })
    }
    return {
      kind: 'repeat',
      min: repeat.min,
      max: Math.max(repeat.min, repeat.max),
      body: await compileSteps(turns, [...at, 'turns'], ctx),
      probability,
    }
  }
  return compileGenTurn(step as GeneratorTurn, at, ctx)
}

async function compileGenTurn(turn: GeneratorTurn, at: DataPath, ctx: Ctx): Promise<TurnNode> {
  const { source, diagnostics } = ctx
  if ((turn.user === undefined) === (turn.variants_file === undefined)) {
    const both = turn.user !== undefined
    diagnostics.push({
      code: both ? 'TWO_MESSAGE_SOURCES' : 'MISSING_MESSAGE',
      message: both
        ? 'a turn takes `user:` or `variants_file:`, not both'
        : 'a turn needs `user:` (a message or a list of variants) or `variants_file:`',
      ...locatePath(source, both ? [...at, 'variants_file'] : at, { key: both }),
    })
  }
  const variants =
    turn.variants_file !== undefined
      ? await fileVariants(turn.variants_file, [...at, 'variants_file'], ctx)
      : (Array.isArray(turn.user) ? turn.user : [turn.user ?? '']).map((text, j) =>
          parseVariant(text, siteOf(source, Array.isArray(turn.user) ? [...at, 'user', j] : [...at, 'user']), ctx.slots, diagnostics),
        )
  const planned = compileTurn({ user: '', expect: turn.expect }, { source, path: at }, 0, diagnostics)
  await ctx.schemaFiles.attach(planned.checks, diagnostics)
  for (const { template, loc } of checkTemplates(planned.checks)) {
    for (const p of placeholders(template)) {
      if (!ctx.slots.includes(p.path[0]!)) {
        diagnostics.push({
          code: 'UNKNOWN_SLOT',
          message: `unknown slot "{{${p.name}}}" in an expectation`,
          loc,
          hint: ctx.slots.length > 0 ? suggestionHint(p.name, ctx.slots, 'slots') : 'declare it under `slots:`',
        })
      }
    }
  }
  const keyed = turn.variants_file !== undefined ? 'variants_file' : 'user'
  return {
    kind: 'turn',
    variants,
    expect: turn.expect,
    checks: planned.checks,
    loc: locatePath(source, [...at, keyed], { key: true }).loc,
    probability: turn.probability ?? 1,
  }
}

async function fileVariants(file: string, at: DataPath, ctx: Ctx): Promise<TurnNode['variants']> {
  const rel = path.join(path.dirname(ctx.source.file), file)
  const confined = await confinedPath(path.resolve(ctx.cwd, path.dirname(ctx.source.file)), file)
  if ('escapes' in confined) {
    ctx.diagnostics.push({
      code: 'PATH_OUTSIDE_PROJECT',
      message: `variants_file "${file}" is outside the generator's folder: ${describeEscape(confined, (abs) => shownPath(ctx.cwd, abs))}`,
      ...locatePath(ctx.source, at),
      hint: "a variants file must be in the generator file's folder or below it",
    })
    return []
  }
  let text: string
  try {
    const buffer = await readRegularFile(confined.abs, MAX_FILE_BYTES)
    const bad = buffer.includes(0) ? buffer.indexOf(0) : firstInvalidUtf8(buffer)
    if (bad >= 0)
      throw new FileReadError(
        'FILE_ENCODING',
        `it is not UTF-8 text (byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
      )
    text = buffer.toString('utf8').replace(/^\uFEFF/, '')
  } catch (err) {
    const code = (err as { code?: string }).code
    ctx.diagnostics.push({
      code: code === 'FILE_NOT_REGULAR' || code === 'FILE_TOO_LARGE' || code === 'FILE_ENCODING' ? code : 'FILE_UNREADABLE',
      message: `cannot read variants file ${rel}: ${readProblem(err)}`,
      ...locatePath(ctx.source, at),
      hint: code === 'FILE_NOT_REGULAR' ? NOT_REGULAR_HINT : 'variants_file is relative to the generator file',
    })
    return []
  }
  const variants = text.split('\n').flatMap((raw, i) => {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '' || line.trimStart().startsWith('#')) return []
    return [parseVariant(line, { file: rel.split(path.sep).join('/'), line: i + 1, col: 1, lineText: line }, ctx.slots, ctx.diagnostics)]
  })
  if (variants.length === 0)
    ctx.diagnostics.push({ code: 'NO_VARIANTS', message: `variants file ${rel} has no utterances`, ...locatePath(ctx.source, at) })
  return variants
}

/** Where a string value starts, past its opening quote if it has one. */
function siteOf(source: YamlSource, at: DataPath): TextSite {
  const where = locatePath(source, at)
  const quote = /["']/.test(where.lineText[where.loc.col - 1] ?? '') ? 1 : 0
  return { file: where.loc.file, line: where.loc.line, col: where.loc.col + quote, lineText: where.lineText }
}
