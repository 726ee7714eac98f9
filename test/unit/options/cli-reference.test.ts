import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliReference } from '../../../src/options/cli-reference.js'

describe('docs/cli.md is generated from the options tables', () => {
  it('is what `npm run gen:docs` writes (run it after changing a flag)', () => {
    expect(readFileSync('docs/cli.md', 'utf8')).toBe(cliReference())
  })
})
