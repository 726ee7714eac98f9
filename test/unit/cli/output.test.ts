import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { lockOutputs } from '../../../src/cli/output-lock.js'
import { prepareOutDir, prepareOutFile, writeAtomic } from '../../../src/cli/output.js'
import { tempDir } from '../../helpers/temp-dir.js'

const codeOf = (err: unknown) => (err as InputError).diagnostics[0]!.code

describe('output paths', () => {
  it('creates missing folders and leaves nothing behind from the write check', async () => {
    const dir = await tempDir('banter-out-')
    await prepareOutDir(path.join(dir, 'a', 'b', 'c'))
    expect(await readdir(path.join(dir, 'a', 'b', 'c'))).toEqual([])
  })

  it('refuses /proc at once instead of retrying forever, a path under a file, a directory or a device as a file', async () => {
    const dir = await tempDir('banter-out-')
    await writeFile(path.join(dir, 'file'), 'x')
    await expect(prepareOutDir('/proc/banter-test/x')).rejects.toThrow(/cannot write reports to \/proc\/banter-test\/x/)
    await expect(prepareOutDir(path.join(dir, 'file', 'sub'))).rejects.toThrow(/file is a file, not a folder/)
    expect(codeOf(await prepareOutFile(dir, '-r json').catch((e: unknown) => e))).toBe('OUT_FILE_UNWRITABLE')
    await expect(prepareOutFile('/dev/null', '-r json')).rejects.toThrow(/it is a character device/)
  })

  it('a write that fails leaves no .tmp file', async () => {
    const dir = await tempDir('banter-out-')
    await mkdir(path.join(dir, 'report.json'))
    await expect(writeAtomic(path.join(dir, 'report.json'), '{}')).rejects.toThrow()
    expect(await readdir(dir)).toEqual(['report.json'])
  })
})

describe('output locks', () => {
  it('holds <file>.lock while held, refuses a second holder, and removes it on release', async () => {
    const dir = await tempDir('banter-lock-')
    const file = path.join(dir, 'r.json')
    const locks = await lockOutputs([file])
    expect(await readdir(dir)).toEqual(['r.json.lock'])
    const err = await lockOutputs([path.join(dir, 'other.json'), file]).catch((e: unknown) => e)
    expect(codeOf(err)).toBe('OUT_LOCKED')
    // The refused attempt released what it had taken.
    expect((await readdir(dir)).sort()).toEqual(['r.json.lock'])
    await locks.release()
    expect(await readdir(dir)).toEqual([])
  })

  it('a lock from another host is never taken over; a garbled lock counts as held', async () => {
    const dir = await tempDir('banter-lock-')
    await writeFile(path.join(dir, 'a.json.lock'), JSON.stringify({ pid: 1, host: `not-${hostname()}`, startedAt: 'x' }))
    await writeFile(path.join(dir, 'b.json.lock'), 'garbage')
    expect(codeOf(await lockOutputs([path.join(dir, 'a.json')]).catch((e: unknown) => e))).toBe('OUT_LOCKED')
    expect(codeOf(await lockOutputs([path.join(dir, 'b.json')]).catch((e: unknown) => e))).toBe('OUT_LOCKED')
  })
})
