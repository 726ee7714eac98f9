import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { loadScenarios } from '../../../src/scenario/load.js'

describe('a 50 MB scenario file', () => {
  it('is refused before parsing, with its size, quickly and in bounded memory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'banter-big-'))
    const file = path.join(dir, 'huge.yaml')
    const handle = await open(file, 'w')
    const chunk = Buffer.from(`- name: Scenario\n  turns:\n    - user: ${'x'.repeat(1000)}\n`)
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) await handle.write(chunk)
    await handle.close()
    try {
      const started = Date.now()
      const err = await loadScenarios([file], { cwd: dir }).catch((e: unknown) => e)
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(err).toBeInstanceOf(InputError)
      const [d] = (err as InputError).diagnostics
      expect(d).toMatchObject({ code: 'FILE_TOO_LARGE', loc: { line: 1, col: 1 } })
      expect(d!.message).toMatch(/is 50\.\d MB; the limit is 5 MB/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
