import { readFileSync } from 'node:fs'
import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { program } from '../../../src/cli/main.js'
import { COMMANDS } from '../../../src/options/commands.js'
import { defaultTextOf, type AnyRow } from '../../../src/options/option-row.js'
import { collect, repeat } from '../../../src/options/parse-value.js'
import { REPORTER_NAMES } from '../../../src/reporters/names.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { IMPORT_FORMATS } from '../../../src/import/formats.js'
import { RUN_OPTIONS } from '../../../src/options/run-options.js'
import { FAULT_KINDS, parseFaultSpec } from '../../../src/assistant/fault-spec.js'
import { parseThreshold } from '../../../src/thresholds/check.js'

const schema = JSON.parse(readFileSync('schema/config.schema.json', 'utf8')) as Schema
interface Schema {
  properties?: Record<string, Schema>
  $ref?: string
  $defs?: Record<string, Schema>
}

/** The schema node at a dotted config key (`endpoint.retry.attempts`), following $refs. */
function schemaAt(key: string): Schema | undefined {
  let node: Schema | undefined = schema
  for (const part of key.split('.')) {
    while (node?.$ref) node = schema.$defs![node.$ref.replace('#/$defs/', '')]
    node = node?.properties?.[part]
  }
  return node
}

/** Parses argv with the real program; returns the usage error commander raised (exit 2 in main), if any. */
async function usageError(argv: string[]): Promise<{ error?: CommanderError; stderr: string }> {
  let stderr = ''
  const cli = program()
  cli.configureOutput({
    writeErr: (s) => {
      stderr += s
    },
    writeOut: () => {},
  })
  for (const c of cli.commands)
    c.exitOverride()
      .configureOutput({
        writeErr: (s) => {
          stderr += s
        },
        writeOut: () => {},
      })
      .action(() => {})
  try {
    await cli.parseAsync(['node', 'banter', ...argv])
    return { stderr }
  } catch (err) {
    return { error: err as CommanderError, stderr }
  }
}

const rows = COMMANDS.flatMap((c) => Object.entries(c.options).map(([key, row]) => ({ command: c.name, key, row: row as AnyRow })))

describe('the options tables', () => {
  it('within a command, no two rows share a long or a short flag', () => {
    for (const c of COMMANDS) {
      const flags = Object.values(c.options).flatMap((r) => [r.long, ...(r.short ? [r.short] : [])])
      expect(new Set(flags).size, c.name).toBe(flags.length)
    }
  })

  it.each(rows.filter((r) => r.row.config).map((r) => [`${r.command} ${r.row.long}`, r.row.config!.key]))(
    '%s names a config key that exists: %s',
    (_, key) => {
      expect(schemaAt(key), `schema/config.schema.json has ${key}`).toBeDefined()
    },
  )

  it('a default, as --help and the docs show it, is what the flag would parse to the default', () => {
    const defaulted = rows.filter((r) => r.row.parse && r.row.default !== undefined && !Array.isArray(r.row.default))
    for (const { row } of defaulted) expect(row.parse!(defaultTextOf(row)!, undefined), row.long).toBe(row.default)
    expect(defaulted.length).toBeGreaterThan(4)
  })

  it("the reporter names in --help are the registry's, and the import formats its choices", () => {
    expect([...REPORTER_NAMES]).toEqual(Object.keys(REPORTERS))
    for (const { row } of rows.filter((r) => r.row.long === '--reporter')) expect(row.help).toContain(REPORTER_NAMES.join(', '))
    expect(COMMANDS.find((c) => c.name === 'import')!.args[0]!.choices).toEqual(IMPORT_FORMATS)
  })
})

describe('a bad flag value is a usage error (exit 2) that names the flag and the value', () => {
  const checked = rows.filter((r) => r.row.parse && r.row.parse !== collect && r.row.parse !== repeat)
  it.each(checked.map((r) => [r.command, r.row.long]))('banter %s %s nonsense', async (command, long) => {
    const { error, stderr } = await usageError([command, ...(command === 'compare' ? ['a.json', 'b.json'] : []), long, 'nonsense'])
    expect(error).toBeInstanceOf(CommanderError)
    expect(error!.code).toBe('commander.invalidArgument')
    expect(stderr).toContain(long)
    expect(stderr).toContain("'nonsense' is invalid")
  })

  it('covers the parsed flags of every command with one', () => {
    expect(new Set(checked.map((r) => r.command))).toEqual(new Set(['run', 'serve']))
    expect(checked.length).toBeGreaterThan(12)
  })

  it('an unknown import format lists the formats', async () => {
    const { error, stderr } = await usageError(['import', 'dialogflow', 'x.json'])
    expect(error!.code).toBe('commander.invalidArgument')
    expect(stderr).toContain(`Allowed choices are ${IMPORT_FORMATS.join(', ')}`)
  })
})

describe('the examples in --help are accepted by the code that reads them', () => {
  const help = (command: string, long: string) =>
    Object.values(COMMANDS.find((c) => c.name === command)!.options).find((r) => r.long === long)!.help
  const examples = (text: string) => [...text.matchAll(/(?:e\.g\.|\bor) "?([^\s",;:)]+(?: [<>=!]+ [\d.]+)?)"?/g)].map((m) => m[1]!)

  it('--arrival-rate, --duration, --max-duration: their own parsers', () => {
    for (const long of ['--arrival-rate', '--duration', '--max-duration']) {
      const row = Object.values(RUN_OPTIONS).find((r) => r.long === long)!
      const found = examples(row.help)
      expect(found.length, long).toBeGreaterThan(0)
      for (const e of found) expect(() => row.parse!(e, undefined), `${long} ${e}`).not.toThrow()
    }
  })

  it('--threshold: a threshold on a known metric', () => {
    const example = /"([^"]+)"/.exec(help('run', '--threshold').split('e.g.')[1]!)![1]!
    expect(parseThreshold(example)).toHaveProperty('limit')
  })

  it('--faults: a valid fault spec, and every kind it lists is a kind', () => {
    const text = help('serve', '--faults')
    expect(() => parseFaultSpec(text.split('e.g. ')[1]!)).not.toThrow()
    for (const kind of FAULT_KINDS) expect(() => parseFaultSpec(`${kind}=0.1`)).not.toThrow()
    expect(text).toContain(FAULT_KINDS.join(', '))
  })
})
