import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliReference, GENERATED_END, GENERATED_START, withReference } from '../../../src/options/cli-reference.js'

describe('docs/cli.md is generated from the options tables', () => {
  it('its generated part is what `npm run gen:docs` writes (run it after changing a flag)', () => {
    const docs = readFileSync('docs/cli.md', 'utf8')
    expect(docs).toBe(withReference(docs, cliReference()))
  })

  it('the prose around the generated part is kept; missing markers are an error, not a silent rewrite', () => {
    const doc = `# Title\n\n${GENERATED_START}\nold\n${GENERATED_END}\n\nProse after.\n`
    expect(withReference(doc, 'new')).toBe(`# Title\n\n${GENERATED_START}\n\nnew\n\n${GENERATED_END}\n\nProse after.\n`)
    expect(() => withReference('# no markers\n', 'new')).toThrow(/markers/)
  })
})
