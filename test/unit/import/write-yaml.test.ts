import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { importFiles } from '../../../src/import/import-files.js'
import { formatFidelity, renderImported } from '../../../src/import/render.js'
import { isAmbiguous, toYaml, yamlFile } from '../../../src/scenario/write-yaml.js'

/** Every string leaf of a value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.flatMap(strings)
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings)
  return []
}
function leaves(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(leaves)
  if (v && typeof v === 'object') return Object.values(v).flatMap(leaves)
  return [v]
}

describe('written YAML reads back as strings in YAML 1.1 and 1.2', () => {
  const tricky = [
    'yes',
    'no',
    'y',
    'n',
    'Y',
    'N',
    'on',
    'off',
    'On',
    'OFF',
    'true',
    'False',
    '~',
    'null',
    '12',
    '012',
    '0o17',
    '0x1F',
    '1_000',
    '1:20',
    '.5',
    '1e3',
    '2024-01-02',
    '-.inf',
  ]
  it.each(tricky)('%j is quoted', (text) => {
    expect(isAmbiguous(text)).toBe(true)
    const yaml = toYaml([{ user: text, expect: { actions: [text] } }])
    for (const version of ['1.1', '1.2'] as const) expect(parse(yaml, { version })).toEqual([{ user: text, expect: { actions: [text] } }])
  })
  it('plain text stays plain', () => {
    expect(toYaml({ user: 'hello there', tags: ['imported', 'rasa'] })).toBe('user: hello there\ntags: [imported, rasa]\n')
    for (const t of ['hello', 'utter_happy', 'NaN', 'I am 40 years old']) expect(isAmbiguous(t)).toBe(false)
  })
  it('every imported Rasa file reads back identically with a YAML 1.1 reader (moodbot "yes", "no", "y", "n")', async () => {
    const result = await importFiles(
      'rasa',
      ['fixtures/import/rasa-real/moodbot_nlu.yml', 'fixtures/import/rasa-real/moodbot_e2e_test_cases.yml'],
      process.cwd(),
    )
    for (const f of result.files) {
      const back = parse(renderImported(f, { schemaRef: 'x', tool: 't' }), { version: '1.1' }) as unknown
      expect(back).toEqual(JSON.parse(JSON.stringify(f.data)))
      expect(leaves(back).every((l) => typeof l === 'string' || typeof l === 'number' || typeof l === 'boolean')).toBe(true)
    }
    expect(strings(result.files.map((f) => f.data))).toEqual(expect.arrayContaining(['yes', 'no', 'y', 'n']))
  })
})

describe('fidelity summary', () => {
  it('per source: counts read → written, marked where they differ, then what was not carried over', () => {
    const counts = { conversations: 1, userTurns: 2, botMessages: 2, actions: 0, intents: 1, entities: 0 }
    const lines = formatFidelity([
      {
        file: 'a.convo.txt',
        read: counts,
        written: { ...counts, botMessages: 1 },
        unsupported: [{ loc: { file: 'a.convo.txt', line: 7, col: 1 }, what: 'optional #bot message "x"' }],
      },
    ])
    expect(lines).toEqual([
      'Fidelity (read → written):',
      '  a.convo.txt: conversations 1 → 1, user turns 2 → 2, bot messages 2 → 1 !, actions 0 → 0, intents 1 → 1, entities 0 → 0',
      '    not carried over (1; also comments at the top of the written file):',
      '      a.convo.txt:7:1: optional #bot message "x"',
    ])
  })
})

describe('yamlFile, the writer of import, record and --save-failures', () => {
  it('writes the schema header, one comment line per comment, then data that reads back', () => {
    const text = yamlFile(
      { name: 'yes', tags: ['a', 'b'] },
      { schemaRef: '../schema/scenario.schema.json', comments: ['Recorded against bot\n{"name": "injected"}', 'second'] },
    )
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# yaml-language-server: $schema=../schema/scenario.schema.json',
      '# Recorded against bot {"name": "injected"}',
      '# second',
    ])
    expect(parse(text)).toEqual({ name: 'yes', tags: ['a', 'b'] })
    expect(parse(text, { version: '1.1' })).toEqual({ name: 'yes', tags: ['a', 'b'] })
  })
})
