/**
 * Every test file runs in exactly one tier (vitest.config.ts picks files by folder): a test put
 * somewhere no project looks would silently never run, and one in two projects would run twice.
 */
import { globSync } from 'tinyglobby'
import { describe, expect, it } from 'vitest'
import config, { TIERS } from '../../vitest.config.js'

const tiersOf = (): Map<string, string[]> => {
  const byFile = new Map<string, string[]>()
  for (const file of globSync('**/*.test.ts', { ignore: ['node_modules/**', 'dist/**'] })) byFile.set(file, [])
  for (const [tier, include] of Object.entries(TIERS)) {
    for (const file of globSync([...include], { ignore: ['node_modules/**'] })) byFile.get(file)?.push(tier)
  }
  return byFile
}

describe('test tiers', () => {
  it('every *.test.ts file belongs to exactly one tier', () => {
    const byFile = tiersOf()
    expect(byFile.size).toBeGreaterThan(50)
    const wrong = [...byFile]
      .filter(([, tiers]) => tiers.length !== 1)
      .map(([file, tiers]) => `${file}: ${tiers.length === 0 ? 'no tier' : tiers.join(' and ')}`)
    expect(wrong).toEqual([])
  })

  it('the vitest projects are the tiers, each with its own folders and no other file filter', () => {
    const projects = (config.test?.projects ?? []) as { test: { name: string; include: string[]; exclude?: string[] } }[]
    expect(projects.map((p) => [p.test.name, p.test.include])).toEqual(Object.entries(TIERS).map(([name, include]) => [name, [...include]]))
    expect(projects.every((p) => p.test.exclude === undefined)).toBe(true)
  })
})
